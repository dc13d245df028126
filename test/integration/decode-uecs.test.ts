// UECS CCM packets from the simulator, sent over real UDP on 127.0.0.1 to uecs-in: one reading per packet.
import assert from 'assert';
import dgram from 'dgram';
import uecsIn from '../../nodes/civic-uecs-in/civic-uecs-in';
import { helper, flow, collect, nodeById, until } from '../helpers/node-red';
import { freePort } from '../helpers/servers';
import { toUecsXml } from '../../lib/sim/encode';
import { quiet } from '../helpers/wait';

describe('integration: UDP CCM packets → uecs-in', function () {
  this.timeout(20000);
  before((done) => { helper.startServer(done); });
  after((done) => { helper.stopServer(done); });
  afterEach(() => helper.unload());

  it('turns simulator packets for two houses into readings, keeping only the room asked for', async () => {
    const port = await freePort();
    await helper.load(uecsIn, flow({ id: 'in', type: 'civic-uecs-in', port, bind: '127.0.0.1', room: 2, site: 'hakui', wires: [['out']] }, { id: 'out', type: 'helper' }));
    const node = nodeById('in');
    // until the socket is bound (grey status), with a deadline: it polled forever when the bind never came
    await until(() => node.status.getCalls().some((c: { args: Array<{ fill?: string }> }) => c.args[0]?.fill === 'grey'), 'uecs-in listening', 10000, 0);
    const received = collect<any>('out');
    const sock = dgram.createSocket('udp4');
    const gh = { airTemperature: 18.5, airHumidity: 92, co2: 455, solarRadiation: 0, illuminance: 0, batteryVoltage: 3.6 };
    for (const room of [1, 2, 1, 2]) {
      const xml = toUecsXml(gh, { room, region: 1, order: 1, priority: 15, ip: `192.168.1.${60 + room}` });
      await new Promise<void>((resolve, reject) => sock.send(Buffer.from(xml), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
    sock.close();
    const deadline = Date.now() + 10000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await quiet(100);
    assert.strictEqual(received.length, 2);
    for (const m of received) {
      assert.deepStrictEqual(m.payload, { airTemperature: 18.5, airHumidity: 92, co2: 455, solarRadiation: 0 });
      assert.deepStrictEqual(m.device, { id: '192.168.1.62', site: 'hakui', house: '2' });
    }
  });
});
