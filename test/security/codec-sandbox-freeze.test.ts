// Issue 15 §3: a vendor codec that spins inside a built-in implemented in C (indexOf over a huge sparse array)
// never reaches QuickJS's interrupt handler; run on Node-RED's own thread it froze the whole runtime for minutes.
// In a real Node-RED process: while such a codec runs, an HTTP endpoint of the same Node-RED keeps answering, the
// codec is stopped at its time limit with the translated error, and the node decodes the next uplink.
// Seen failing before the fix (codec on the main thread): no ping was answered while the codec ran; the test hit
// its mocha timeout.
import assert from 'assert';
import http from 'http';
import { startNodeRed, type NodeRedProcess } from '../helpers/node-red-process';

const SPIN = `function decodeUplink(input) {
  if (input.bytes[0] === 1) { var a = []; a.length = 4294967295; return { data: { found: a.indexOf(7) } }; }
  return { data: { temperature: input.bytes[1] / 2 } };
}`;
const LIMIT_MS = 3000;

const FLOW = [
  { id: 'tab', type: 'tab', label: 'codec freeze' },
  { id: 'in-decode', type: 'http in', url: '/civic-test/decode', method: 'post', upload: false, wires: [['dec']] },
  { id: 'dec', type: 'civic-sensor-decode', format: 'codec', codec: SPIN, codecTimeoutMs: LIMIT_MS, wires: [['res']] },
  { id: 'catch', type: 'catch', scope: ['dec'], uncaught: false, wires: [['err']] },
  { id: 'err', type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error.message', tot: 'msg' },
    { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' }], wires: [['res']] },
  { id: 'in-ping', type: 'http in', url: '/civic-test/ping', method: 'get', upload: false, wires: [['pong']] },
  { id: 'pong', type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'pong', tot: 'str' }], wires: [['res']] },
  { id: 'res', type: 'http response', statusCode: '', headers: {}, wires: [] },
].map((n, i) => (n.type === 'tab' ? n : { x: 150, y: 40 * i, z: 'tab', ...n }));

interface Answer { status: number; body: string }
const finished: string[] = [];

function call(port: number, method: string, path: string, label: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: body ? { 'content-type': 'text/plain' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => { finished.push(label); resolve({ status: res.statusCode ?? 0, body: text }); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('security: a codec spinning inside a C built-in cannot freeze Node-RED', function () {
  this.timeout(90_000);
  let nr: NodeRedProcess;
  before(async () => {
    nr = await startNodeRed(FLOW);
    assert.match(nr.log(), /Started flows|フローを開始しました/, nr.log());
  });
  after(async () => { await nr?.stop(); });

  it('HTTP keeps answering while the codec spins; the codec is stopped at its limit; the next uplink decodes', async () => {
    const spinning = call(nr.port, 'POST', '/civic-test/decode', 'decode', '01 00');
    await new Promise((r) => setTimeout(r, 300));                  // let Node-RED hand the uplink to the codec
    for (let i = 0; i < 3; i++) {
      const pong = await call(nr.port, 'GET', '/civic-test/ping', `ping ${i}`);
      assert.deepStrictEqual(pong, { status: 200, body: 'pong' });
    }
    const stopped = await spinning;
    assert.deepStrictEqual(finished, ['ping 0', 'ping 1', 'ping 2', 'decode'], 'the pings waited for the codec');
    assert.strictEqual(stopped.status, 500);
    assert.match(stopped.body, new RegExp(`the codec took longer than ${LIMIT_MS} ms and was stopped$`));
    const next = await call(nr.port, 'POST', '/civic-test/decode', 'next', '00 31');
    assert.strictEqual(next.status, 200, next.body);
    assert.deepStrictEqual(JSON.parse(next.body), { temperature: 24.5 });
  });
});
