// A real SMTP server on a free loopback port (smtp-server, the server half of the nodemailer project) that keeps
// every message it receives, decoded enough to assert on: envelope, subject and plain-text body.
import { SMTPServer } from 'smtp-server';
import { freePort } from './servers';

export interface ReceivedMail { from: string; to: string[]; subject: string; text: string; raw: string }

export interface SmtpFixture {
  port: number;
  mails: ReceivedMail[];
  /** resolves when `n` mails have arrived (rejects after `ms`) */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) => (enc.toLowerCase() === 'b'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Parses a single-part message as nodemailer writes it. */
export function parseMail(raw: string): Pick<ReceivedMail, 'subject' | 'text'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  return { subject: decodeWords(header('Subject')), text: decodeBody(raw.slice(split + 4), header('Content-Transfer-Encoding')).replace(/\r\n/g, '\n').trimEnd() };
}

/** Starts the server; `auth` makes it require that user and password. */
export async function startSmtp(auth?: { user: string; password: string }, port?: number): Promise<SmtpFixture> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    secure: false, disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'], authOptional: !auth, allowInsecureAuth: true,
    logger: false,
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.password) cb(null, { user: a.username });
      else cb(new Error('invalid login'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address),
          raw, ...parseMail(raw) });
        waiters.splice(0).forEach((w) => w());
        cb();
      });
    },
  });
  const p = port ?? await freePort();
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(p, '127.0.0.1', () => resolve()); });
  return {
    port: p, mails,
    waitFor(n, ms = 15000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${mails.length} of ${n} mails within ${ms} ms`)), ms);
        const check = () => { if (mails.length >= n) { clearTimeout(timer); resolve(mails); } else waiters.push(check); };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
