// Alert e-mail: who gets what, and delivery through a real SMTP server on loopback (retries when it is down).
import assert from 'assert';
import { AlertEngine, Outbox, mailsFor, parseAddresses, parseRules, type MailSettings } from '../../../lib/alerts';
import { startSmtp } from '../../helpers/smtp';
import { freePort } from '../../helpers/servers';

const NOON = Date.parse('2025-06-02T12:00:00+09:00');
const settings: MailSettings = { to: ['kanri@city.example.jp'], escalateTo: ['kacho@city.example.jp'], states: ['firing', 'escalated', 'resolved'], lang: 'ja' };

function events() {
  const e = new AlertEngine(parseRules([{ id: 'level', metric: 'waterLevel', condition: 'above', threshold: 1.7, escalateMinutes: 10 }]), { lang: 'ja', now: () => NOON });
  const fired = e.ingest({ deviceId: 'gauge-1', timestamp: NOON, payload: { waterLevel: 1.82 } }).events;
  const escalated = e.tick(NOON + 10 * 60000).events;
  const resolved = e.ingest({ deviceId: 'gauge-1', timestamp: NOON + 11 * 60000, payload: { waterLevel: 1.5 } }).events;
  return { fired, escalated, resolved };
}

describe('alert e-mail: recipients and texts', () => {
  it('splits recipient lists and finds the first malformed address by position', () => {
    assert.deepStrictEqual(parseAddresses('a@x.jp, b@y.jp\nc@z.jp'), { list: ['a@x.jp', 'b@y.jp', 'c@z.jp'] });
    assert.deepStrictEqual(parseAddresses('a@x.jp, not-an-address'), { list: ['a@x.jp', 'not-an-address'], bad: 2 });
    assert.deepStrictEqual(parseAddresses(''), { list: [] });
  });

  it('sends the states asked for; an escalation also goes to the escalation list', () => {
    const { fired, escalated, resolved } = events();
    const first = mailsFor(fired, settings);
    assert.deepStrictEqual(first.map((m) => [m.to, m.subject]), [[['kanri@city.example.jp'], '【警報】gauge-1: 水位が1.7mを超えています（現在 1.82m）']]);
    assert.match(first[0].text, /^【警報】gauge-1: 水位が1\.7mを超えています（現在 1\.82m）\n\n--\n/);
    assert.deepStrictEqual(mailsFor(escalated, settings).map((m) => m.to), [['kanri@city.example.jp', 'kacho@city.example.jp']]);
    assert.deepStrictEqual(mailsFor(resolved, settings).map((m) => m.subject), ['【復旧】gauge-1: 水位は1.5mに戻りました（1.7m超えは12:00から）']);
    assert.deepStrictEqual(mailsFor(resolved, { ...settings, states: ['firing'] }), []);
    const both = mailsFor([...fired, ...fired], settings);
    assert.strictEqual(both.length, 1);
    assert.match(both[0].subject, /^警報 2件: 【警報】/);
  });
});

describe('alert e-mail: delivery through SMTP', function () {
  this.timeout(30000);

  it('delivers to a real SMTP server with a login, in Japanese', async () => {
    const smtp = await startSmtp({ user: 'civic', password: 's3cret' });
    const errors: string[] = [];
    const outbox = new Outbox({ host: '127.0.0.1', port: smtp.port, security: 'none', from: 'alerts@city.example.jp', user: 'civic', password: 's3cret' },
      { onError: (code) => errors.push(code) });
    try {
      for (const m of mailsFor(events().fired, settings)) outbox.send(m);
      const [mail] = await smtp.waitFor(1);
      assert.deepStrictEqual([mail.from, mail.to, mail.subject], ['alerts@city.example.jp', ['kanri@city.example.jp'],
        '【警報】gauge-1: 水位が1.7mを超えています（現在 1.82m）']);
      assert.match(mail.text, /^【警報】gauge-1: 水位が1\.7mを超えています（現在 1\.82m）\n\n--\n/);
      assert.deepStrictEqual(errors, []);
    } finally {
      outbox.close();
      await smtp.close();
    }
  });

  it('retries while the server is down and delivers once it is up; reports only the error code', async () => {
    const port = await freePort();
    const errors: Array<[string, number, boolean]> = [];
    const outbox = new Outbox({ host: '127.0.0.1', port, security: 'none', from: 'alerts@city.example.jp' },
      { retryDelays: [300, 600, 1200, 2400], onError: (code, attempt, final) => errors.push([code, attempt, final]) });
    let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
    try {
      for (const m of mailsFor(events().fired, settings)) outbox.send(m);
      while (errors.length === 0) await new Promise((r) => setTimeout(r, 50));
      smtp = await startSmtp(undefined, port);
      const [mail] = await smtp.waitFor(1);
      assert.strictEqual(mail.subject, '【警報】gauge-1: 水位が1.7mを超えています（現在 1.82m）');
      assert.deepStrictEqual(errors[0], ['ESOCKET', 1, false]); // nodemailer's code for a refused connection
      assert.ok(errors.every(([, , final]) => !final));
    } finally {
      outbox.close();
      await smtp?.close();
    }
  });

  it('gives up after the last retry and says so once', async () => {
    const port = await freePort();
    const errors: Array<[string, number, boolean]> = [];
    const outbox = new Outbox({ host: '127.0.0.1', port, security: 'none', from: 'alerts@city.example.jp' },
      { retryDelays: [50, 50], onError: (code, attempt, final) => errors.push([code, attempt, final]) });
    try {
      for (const m of mailsFor(events().fired, settings)) outbox.send(m);
      while (!errors.some(([, , f]) => f)) await new Promise((r) => setTimeout(r, 50));
      assert.deepStrictEqual(errors.map(([, a, f]) => [a, f]), [[1, false], [2, false], [3, true]]);
    } finally {
      outbox.close();
    }
  });
});
