// The write requests, checked against a local HTTP server standing in for InfluxDB 1.x, 1.8 and 2.x.
import assert from 'assert';
import http from 'http';
import type { AddressInfo } from 'net';
import { createHttpTransport, parseRetryAfter, targetFromConfigNode, writeRequest } from '../../../lib/storage';

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

describe('storage: InfluxDB HTTP write APIs', () => {
  let server: http.Server;
  let port = 0;
  const seen: Seen[] = [];
  let answer = { status: 204, body: '', headers: {} as Record<string, string> };
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => { server.close(); });
  beforeEach(() => { seen.length = 0; answer = { status: 204, body: '', headers: {} }; });

  it('1.x: POST /write?db=&rp=&precision= with basic auth and the lines as body', async () => {
    const send = createHttpTransport(targetFromConfigNode(
      { hostname: '127.0.0.1', port: String(port), database: 'civic', influxdbVersion: '1.x', credentials: { username: 'nr', password: 'p w' } },
      { precision: 'us', retentionPolicy: 'one_year' }));
    const result = await send('m v=1 1\nm v=2 2');
    send.close();
    assert.strictEqual(result.status, 204);
    assert.strictEqual(seen[0].method, 'POST');
    assert.strictEqual(seen[0].url, '/write?db=civic&rp=one_year&precision=u');
    assert.strictEqual(seen[0].headers.authorization, `Basic ${Buffer.from('nr:p w').toString('base64')}`);
    assert.strictEqual(seen[0].body, 'm v=1 1\nm v=2 2');
    assert.match(String(seen[0].headers['content-type']), /^text\/plain/);
  });

  it('1.x without a user sends no credentials and leaves rp out', () => {
    const { url, headers } = writeRequest(targetFromConfigNode({ hostname: 'db', port: 8086, database: 'x' }, { precision: 'ms' }));
    assert.strictEqual(url.toString(), 'http://db:8086/write?db=x&precision=ms');
    assert.strictEqual(headers.Authorization, undefined);
  });

  it('1.x over TLS when the config node says so', () => {
    const { url } = writeRequest(targetFromConfigNode({ hostname: 'db', port: 8086, database: 'x', usetls: true }, { precision: 's' }));
    assert.strictEqual(url.origin, 'https://db:8086');
  });

  it('2.0: POST /api/v2/write?org=&bucket=&precision= with a Token header, URL from the config node', async () => {
    const target = targetFromConfigNode(
      { influxdbVersion: '2.0', client: { _options: { url: `http://127.0.0.1:${port}/`, timeout: 5000 } }, credentials: { token: 'tok==' } },
      { precision: 'ns', org: 'my org', bucket: 'farm' });
    assert.strictEqual(target.timeoutMs, 5000);
    const send = createHttpTransport(target);
    await send('m v=1');
    send.close();
    assert.strictEqual(seen[0].url, '/api/v2/write?org=my+org&bucket=farm&precision=ns');
    assert.strictEqual(seen[0].headers.authorization, 'Token tok==');
  });

  it('1.8-flux: the v2 endpoint with bucket database/retention-policy and Token user:password', () => {
    const { url, headers } = writeRequest(targetFromConfigNode(
      { influxdbVersion: '1.8-flux', url: 'http://db:8086', credentials: { username: 'u', password: 'p' } },
      { precision: 'ms', database: 'civic' }));
    assert.strictEqual(url.toString(), 'http://db:8086/api/v2/write?org=&bucket=civic%2Fautogen&precision=ms');
    assert.strictEqual(headers.Authorization, 'Token u:p');
  });

  it('reports the status, the error text and Retry-After', async () => {
    answer = { status: 429, body: '{"error":"slow down"}', headers: { 'Retry-After': '7' } };
    const send = createHttpTransport({ version: '1.x', url: `http://127.0.0.1:${port}`, database: 'd', precision: 'ms' });
    const r = await send('m v=1');
    send.close();
    assert.deepStrictEqual(r, { status: 429, body: '{"error":"slow down"}', retryAfterMs: 7000 });
    assert.strictEqual(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10000);
  });

  it('rejects on a refused connection (a network error, to be retried)', async () => {
    const send = createHttpTransport({ version: '1.x', url: 'http://127.0.0.1:1', database: 'd', precision: 'ms' });
    await assert.rejects(send('m v=1'), /ECONNREFUSED/);
    send.close();
  });

  it('refuses a target it cannot write to, with a translatable error', () => {
    assert.throws(() => writeRequest({ version: '1.x', url: 'http://x', precision: 'ms' }), { key: 'civic-influx-buffer.errors.noDatabase' });
    assert.throws(() => writeRequest({ version: '2.0', url: 'http://x', precision: 'ms', org: 'o' }), { key: 'civic-influx-buffer.errors.noBucket' });
    assert.throws(() => targetFromConfigNode({ influxdbVersion: '2.0' }, { precision: 'ms' }), { key: 'civic-influx-buffer.errors.noUrl' });
  });
});
