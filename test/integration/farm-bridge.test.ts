// Sharing between two towns through TWO real mosquitto brokers joined by the bridge section bridgeConfig() writes:
// each town's weekly indicators reach the other town's broker, nothing else crosses, and the regional benchmark
// built from what arrived compares a house with the median of both towns.
import assert from 'assert';
import mqtt, { type MqttClient } from 'mqtt';
import { bridgeConfig, farmPseudonym, RegionBenchmark, readIndicator, shareTopic, type WeeklyIndicator } from '../../lib/farm';
import { requireBinary, startMosquitto, type RunningServer } from '../helpers/servers';

const KEY_A = 'hakui-town-secret-key-0001';
const KEY_B = 'shika-town-secret-key-0002';

function connect(port: number): Promise<MqttClient> {
  const c = mqtt.connect({ host: '127.0.0.1', port, protocolVersion: 4, reconnectPeriod: 200 });
  return new Promise((resolve, reject) => { c.once('connect', () => resolve(c)); c.once('error', reject); });
}

describe('integration: sharing between two towns over a mosquitto bridge', function () {
  this.timeout(60000);
  let shika: RunningServer;
  let hakui: RunningServer;
  const clients: MqttClient[] = [];
  before(async function () {
    requireBinary(this, 'mosquitto', 'mosquitto');
    shika = await startMosquitto();
    // Hakui's broker carries the bridge; Shika's is a plain broker (a bridge on one side is enough for both directions)
    hakui = await startMosquitto(undefined, { config: () => ['allow_anonymous true',
      ...bridgeConfig({ name: 'hakui-shika', address: `127.0.0.1:${shika.port}`, localTown: 'hakui', remoteTowns: ['shika'] }).split('\n')] });
  });
  after(async () => {
    for (const c of clients) c.end(true);
    if (hakui) await hakui.stop();
    if (shika) await shika.stop();
  });

  it('carries each town\'s indicators to the other, keeps everything else home, and benchmarks against both towns', async () => {
    const [a, b] = [await connect(hakui.port), await connect(shika.port)];
    clients.push(a, b);
    const atA: Array<[string, string]> = [];
    const atB: Array<[string, string]> = [];
    a.on('message', (t, m) => atA.push([t, m.toString()]));
    b.on('message', (t, m) => atB.push([t, m.toString()]));
    await Promise.all([a.subscribeAsync('civic/#', { qos: 1 }), b.subscribeAsync('civic/#', { qos: 1 })]);
    const week = '2025-05-05';
    const mine: WeeklyIndicator = { town: 'hakui', farm: farmPseudonym(KEY_A, 'hakui', 'house-1'), crop: 'tomato', week, days: 7, gdd: 98, timeInBand: 0.7, yieldIndex: 30 };
    const theirs: WeeklyIndicator[] = [1, 2].map((i) => ({ town: 'shika', farm: farmPseudonym(KEY_B, 'shika', `house-${i}`), crop: 'tomato', week, days: 7,
      gdd: 90 + i, timeInBand: 0.5, yieldIndex: 20 * i }));
    // the bridge connects in the background: repeat until the first indicator has crossed
    for (let i = 0; i < 100 && !atB.some(([t]) => t === shareTopic('civic/share', mine)); i++) {
      await a.publishAsync(shareTopic('civic/share', mine), JSON.stringify(mine), { qos: 1 });
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const t of theirs) await b.publishAsync(shareTopic('civic/share', t), JSON.stringify(t), { qos: 1 });
    await a.publishAsync('civic/hakui/house-1/th-01/reading', '{"airTemperature":24}', { qos: 1 });
    await b.publishAsync('civic/shika/alert/x', '{}', { qos: 1 });
    for (let i = 0; i < 100 && atA.filter(([t]) => t.startsWith('civic/share/shika/')).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(atB.some(([t]) => t === shareTopic('civic/share', mine)), 'hakui → shika');
    assert.strictEqual(atA.filter(([t]) => t.startsWith('civic/share/shika/')).length, 2, 'shika → hakui');
    assert.ok(!atB.some(([t]) => t.startsWith('civic/hakui/')), 'a reading stays in hakui');
    assert.ok(!atA.some(([t]) => t.startsWith('civic/shika/')), 'an alert stays in shika');
    assert.ok(!atB.some(([, m]) => m.includes('house-1')), 'no house name leaves the town');

    const region = new RegionBenchmark();
    for (const [t, m] of atA) if (t.startsWith('civic/share/')) { const x = readIndicator(JSON.parse(m)); if (x) region.add(x); }
    const card = region.card(mine.farm)!;
    assert.deepStrictEqual([card.farms, card.towns, card.median.yieldIndex, card.median.gdd, card.yieldVsMedian], [3, 2, 30, 92, 100]);
  });
});
