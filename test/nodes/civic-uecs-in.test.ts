import assert from 'assert';
import dgram from 'dgram';
import uecsIn from '../../nodes/civic-uecs-in/civic-uecs-in';
import { helper, withCatalog, flow, nextMessage, nodeById, collect, until } from '../helpers/node-red';
import { freePort } from '../helpers/servers';

const packet = (items: string) => `<?xml version="1.0"?><UECS ver="1.00-E10">${items}<IP>192.168.1.64</IP></UECS>`;
const data = (type: string, value: string, room = 1, region = 1, order = 1, priority = 29) =>
  `<DATA type="${type}" room="${room}" region="${region}" order="${order}" priority="${priority}">${value}</DATA>`;

function send(port: number, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.send(Buffer.from(text), port, '127.0.0.1', (err) => { s.close(); if (err) reject(err); else resolve(); });
  });
}

/** Waits until the node's socket is bound (its status says it listens); fails after `ms`. */
function listening(id: string, ms = 10000): Promise<void> {
  return new Promise((resolve, reject) => {
    const node = nodeById(id);
    const deadline = Date.now() + ms;
    const check = () => {
      const calls = node.status?.getCalls?.() ?? [];
      if (calls.some((c: { args: Array<{ fill?: string }> }) => c.args[0]?.fill === 'grey')) resolve();
      else if (Date.now() > deadline) reject(new Error(`${id} did not listen within ${ms} ms`));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('uecs-in node', () => {
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  it('emits one reading per CCM packet received on loopback', async () => {
    const port = await freePort();
    await helper.load(uecsIn, flow({ id: 'in', type: 'civic-uecs-in', port, bind: '127.0.0.1', site: 'hakui', wires: [['out']] }, { id: 'out', type: 'helper' }));
    await listening('in');
    const out = nextMessage<any>('out');
    await send(port, packet(data('InAirTemp.mIC', '23.0') + data('InAirHumid.mIC', '71.5') + data('InRadiation.mIC', '0.52')));
    const msg = await out;
    assert.deepStrictEqual(msg.payload, { airTemperature: 23, airHumidity: 71.5, solarRadiation: 520 });
    assert.deepStrictEqual(msg.units, { airTemperature: '°C', airHumidity: '%', solarRadiation: 'W/m²' });
    assert.deepStrictEqual(msg.device, { id: '192.168.1.64', site: 'hakui', house: '1' });
    assert.strictEqual(msg.topic, '192.168.1.64');
    assert.strictEqual(msg.meta.source, 'uecs');
    assert.strictEqual(msg.meta.uecs.length, 3);
  });

  it('filters by type and room; a packet with nothing left sends nothing', async () => {
    const port = await freePort();
    await helper.load(uecsIn, flow({ id: 'in', type: 'civic-uecs-in', port, bind: '127.0.0.1', types: 'InAirTemp', room: 2, wires: [['out']] }, { id: 'out', type: 'helper' }));
    await listening('in');
    const got = collect<any>('out');
    await send(port, packet(data('InAirTemp.mIC', '20.0', 1)));
    await send(port, packet(data('InAirHumid.mIC', '60', 2)));
    await send(port, packet(data('InAirTemp.mIC', '21.5', 2) + data('InAirCO2.mIC', '500', 2)));
    // the last packet's reading has come, so the earlier ones (same socket, in order) have been handled too
    await until(() => got.length >= 1, 'a reading', 10000, 100);
    assert.deepStrictEqual(got.map((m) => m.payload), [{ airTemperature: 21.5 }]);
  });

  it('reports a broken packet with its byte offset and keeps listening', async () => {
    const port = await freePort();
    await helper.load(withCatalog('civic-uecs-in', uecsIn, 'ja'), flow({ id: 'in', type: 'civic-uecs-in', port, bind: '127.0.0.1', wires: [['out']] }, { id: 'out', type: 'helper' }));
    await listening('in');
    const failure = new Promise<string>((resolve) => nodeById('in').once('call:error', (c: { args: unknown[] }) => resolve(String(c.args[0]))));
    await send(port, "<UECS ver='1.00-E10'></UECS>");
    assert.strictEqual(await failure, '127.0.0.1 からのUECS電文を受け付けませんでした: 10バイト目: UECS XMLの形式が正しくありません: 属性値は二重引用符で囲む必要があります');
    const out = nextMessage<any>('out');
    await send(port, packet(data('SoilTemp.mIC', '-1.5')));
    assert.deepStrictEqual((await out).payload, { soilTemperature: -1.5 });
  });

  it('refuses hostile packets (reserved names, invalid characters) in Japanese and keeps listening (issue 15 §5)', async () => {
    const port = await freePort();
    await helper.load(withCatalog('civic-uecs-in', uecsIn, 'ja'), flow({ id: 'in', type: 'civic-uecs-in', port, bind: '127.0.0.1', wires: [['out']] }, { id: 'out', type: 'helper' }));
    await listening('in');
    const errors: string[] = [];
    nodeById('in').on('call:error', (c: { args: unknown[] }) => errors.push(String(c.args[0])));
    const got = collect<any>('out');
    await send(port, packet(data('__proto__', '23.0')));
    await send(port, packet(data('constructor.mIC', '23.0')));
    await send(port, packet(data('InAirTemp.mIC', '2&#x110000;3')));
    await send(port, packet(data('InAirTemp.mIC', '23.5')));
    const deadline = Date.now() + 10000;
    while ((errors.length < 3 || got.length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.match(errors[0], /^127\.0\.0\.1 からのUECS電文を受け付けませんでした: \d+バイト目: UECSパケットに使えない名前/);
    assert.match(errors[1], /使えない名前/);
    assert.match(errors[2], /\d+バイト目: UECSパケットの文字参照がXMLで使えない文字を指しています$/);
    assert.ok(errors.every((e) => !e.includes('__proto__') && !e.includes('110000')), 'no packet text in the log');
    assert.deepStrictEqual(got.map((m) => m.payload), [{ airTemperature: 23.5 }]);
  });

  it('closes its socket on redeploy, so the same port works again', async () => {
    const port = await freePort();
    const f = () => flow({ id: 'in', type: 'civic-uecs-in', port, bind: '127.0.0.1', wires: [['out']] }, { id: 'out', type: 'helper' });
    await helper.load(uecsIn, f());
    await listening('in');
    await helper.unload();
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => { probe.once('error', reject); probe.bind(port, '127.0.0.1', () => resolve()); });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await helper.load(uecsIn, f());
    await listening('in');
    const out = nextMessage<any>('out');
    await send(port, packet(data('InAirCO2.mIC', '640')));
    assert.deepStrictEqual((await out).payload, { co2: 640 });
  });
});
