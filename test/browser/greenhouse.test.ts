// The greenhouse monitoring flow end to end, as `npm start` runs it but against real servers: mosquitto as the
// broker (MQTT_URL), InfluxDB 1.x for history (INFLUX_URL), the flow's own Modbus TCP soil probe. Readings reach
// InfluxDB with their tags and the simulator's exact values; the dashboard shows the values that were sent; an
// injected heat fault raises exactly one alert, and the acknowledge button on the dashboard acknowledges it; the soil
// page shows the probes' values and an irrigation hint for a drying field.
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import mqtt from 'mqtt';
import { greenhouseAt, toCayenneLpp, toTtsUplink } from '../../lib/sim';
import { HAKUI } from '../../lib/sun';
import { findBinary, influxQuery, requireBinary, startInflux, startMosquitto, type RunningServer } from '../helpers/servers';
import { HARMLESS_CONSOLE, root, startReadyMade, waitFor, watchGreenhouseTopics, type ReadyMade } from '../flows/ready-made';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = <T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined) => waitFor(probe, what, ms);

describe('greenhouse flow: real mosquitto, InfluxDB, Modbus TCP and the dashboard', function () {
  this.timeout(120000);
  let broker: RunningServer;
  let influx: RunningServer;
  let demo: ReadyMade | undefined;
  let port = 0;
  let client: mqtt.MqttClient;
  let alertEvents: any[] = [];
  let readings: any[] = [];

  before(async function () {
    requireBinary(this, 'mosquitto', 'mosquitto');
    requireBinary(this, 'influxd', 'influxdb');
    requireBinary(this, 'chromium', 'chromium');
    broker = await startMosquitto();
    influx = await startInflux();
    demo = await startReadyMade({ dashboard: 'classic', env: { MQTT_URL: `mqtt://127.0.0.1:${broker.port}`,
      INFLUX_URL: `http://127.0.0.1:${influx.port}`, INFLUX_DB: 'civic' } });
    port = demo.port;
    ({ client, alertEvents, readings } = await watchGreenhouseTopics(broker.port));
  });

  after(async () => {
    if (client) await client.endAsync();
    if (demo) await demo.stop();
    if (broker) await broker.stop();
    if (influx) await influx.stop();
  });

  it('writes readings to InfluxDB with device, house and site tags and the devices\' exact values', async () => {
    const rows = await until('points of house-1-th-01 and the Modbus probe', 30000, async () => {
      const r = await influxQuery(influx.port, "SELECT * FROM greenhouse WHERE device = 'house-1-th-01' OR device = 'house-2-modbus-01'", 'civic');
      const s = r.results?.[0]?.series?.[0];
      if (!s) return undefined;
      const devices = new Set(s.values.map((v: unknown[]) => v[s.columns.indexOf('device')]));
      return devices.size === 2 ? s : undefined;
    });
    const col = (name: string) => rows.columns.indexOf(name);
    const lora = rows.values.find((v: unknown[]) => v[col('device')] === 'house-1-th-01');
    assert.strictEqual(lora[col('house')], 'house-1');
    assert.strictEqual(lora[col('site')], 'hakui');
    // The uplink's received_at is the simulated measurement time: the stored values are the device's exactly.
    const t = Date.parse(lora[col('time')]);
    const truth = greenhouseAt(1, 0, t, HAKUI);
    assert.strictEqual(lora[col('airTemperature')], truth.airTemperature);
    assert.strictEqual(lora[col('airHumidity')], truth.airHumidity);
    assert.strictEqual(lora[col('co2')], truth.co2);
    assert.strictEqual(typeof lora[col('humidityDeficit')], 'number', 'agri-metrics adds 飽差');
    const modbus = rows.values.find((v: unknown[]) => v[col('device')] === 'house-2-modbus-01');
    assert.strictEqual(modbus[col('house')], 'house-2');
    assert.ok(modbus[col('soilMoisture')] > 20 && modbus[col('soilMoisture')] < 50, `soil moisture ${modbus[col('soilMoisture')]}`);
  });

  it('shows on the dashboard the temperature that was sent, raises one alert for a heat fault, and acknowledges it from the page', async () => {
     
    const { chromium } = require('playwright-core');
     
    const { CHROMIUM_ARGS } = require(path.join(root, 'scripts', 'screenshot.js'));
    const browser = await chromium.launch({ executablePath: findBinary('chromium'), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ja-JP' });
      const errors: string[] = [];
      page.on('console', (m: any) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(`http://127.0.0.1:${port}/ui/#!/0`);
      await page.waitForSelector('md-card svg text', { timeout: 20000 });

      const sentTemperatures = () => readings.filter((r) => r.device.id === 'house-1-th-01').map((r) => r.payload.airTemperature);
      let lastTexts: string[] = [];
      const shown = await until('the house-1 temperature gauge showing a sent value', 20000, async () => {
        lastTexts = await page.locator('md-card[node-id="gh-house-1-g-temp"] svg text').allTextContents();
        // the gauge's texts are its min, max, unit and the value: the value must be one the flow sent
        return lastTexts.map(Number).find((n) => Number.isFinite(n) && n !== 0 && n !== 40 && sentTemperatures().includes(n));
      }).catch((err) => { throw new Error(`${err.message}; gauge texts ${JSON.stringify(lastTexts)}, sent ${JSON.stringify(sentTemperatures().slice(-5))}`); });
      assert.ok(sentTemperatures().includes(shown));
      fs.mkdirSync(path.join(root, 'test-output'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-output', 'greenhouse-house-1.png'), fullPage: true });

      // Inject a fault: a new climate sensor in house 1 reporting 35 °C for 15 minutes (event time), which the
      // tomato "heat" rule (above 30 °C for 10 minutes) must turn into exactly one firing alert.
      const now = Date.now();
      for (let i = 3; i >= 0; i--) {
        const t = now - i * 5 * 60000;
        const frame = toCayenneLpp({ airTemperature: 35, airHumidity: 60, co2: 420, solarRadiation: 0, illuminance: 0, batteryVoltage: 3.6 });
        const uplink = toTtsUplink(frame, { deviceId: 'house-1-th-99', devEui: '70B3D57ED0000099', application: 'civic-iot', fCnt: 4 - i, receivedAt: t, rssi: -80, snr: 7, model: 'test' });
        await client.publishAsync('v3/civic-iot@ttn/devices/house-1-th-99/up', JSON.stringify(uplink), { qos: 1 });
        await sleep(300);
      }
      const heat = () => alertEvents.filter((e) => e.deviceId === 'house-1-th-99' && e.ruleId === 'heat');
      const firing = await until('a firing heat alert', 15000, () => heat().find((e) => e.state === 'firing'));
      assert.ok(firing.message.includes('house-1-th-99'), firing.message);
      await sleep(2000);
      assert.strictEqual(heat().filter((e) => e.state === 'firing').length, 1, 'exactly one firing event');
      assert.deepStrictEqual(alertEvents.filter((e) => e.deviceId === 'house-1-th-99' && e.state === 'firing').map((e) => e.ruleId), ['heat']);

      // The alert row on the house-1 page has an acknowledge button; clicking it acknowledges that alert.
      const row = page.locator(`tr.civic-alert-row[data-alert-id="${firing.id}"]`);
      await row.waitFor({ timeout: 15000 });
      // seen once in a full run: every group of the page drawn at its top, over each other (the 24 h chart's title
      // over the 確認 button), as the classic dashboard's layout was when the page changed; a window resize makes it
      // lay the groups out again, as it does for a user who turns the phone. The alert table now asks for that layout
      // itself when an alert arrives (the next test); the trigger of the stale layout was not found (docs/dashboard2.md).
      await page.setViewportSize({ width: 1279, height: 1000 });
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.screenshot({ path: path.join(root, 'test-output', 'greenhouse-house-1-alert.png'), fullPage: true });
      await row.locator('button.civic-ack').click();
      const acked = await until('the acknowledged event', 15000, () => heat().find((e) => e.state === 'acknowledged'));
      assert.strictEqual(acked.id, firing.id);
      await until('the button to disappear', 10000, async () => ((await row.locator('button.civic-ack').count()) === 0 ? true : undefined));

      // 土壌・かん水: the latest-values table shows what the soil probe sent, and a drying field gets a hint.
      await page.goto(`http://127.0.0.1:${port}/ui/#!/2`);
      const cell = page.locator('tr.soil-row[data-device="house-1-soil-01"] td.soil-moisture');
      await cell.waitFor({ timeout: 20000 });
      const sentMoisture = () => readings.filter((r) => r.device.id === 'house-1-soil-01').map((r) => r.payload.soilMoisture);
      await until('the soil table showing a sent moisture', 15000, async () => (sentMoisture().includes(Number(await cell.textContent())) ? true : undefined));
      const dryNow = Date.now();
      for (let i = 5; i >= 0; i--) {
        const frame = toCayenneLpp({ soilTemperature: 18, soilMoisture: 20, soilEC: 2.5, soilPH: 6.5, batteryVoltage: 3.6 });
        const uplink = toTtsUplink(frame, { deviceId: 'house-1-soil-99', devEui: '70B3D57ED0000098', application: 'civic-iot', fCnt: 6 - i, receivedAt: dryNow - i * 5 * 60000, rssi: -80, snr: 7, model: 'test' });
        await client.publishAsync('v3/civic-iot@ttn/devices/house-1-soil-99/up', JSON.stringify(uplink), { qos: 1 });
        await sleep(200);
      }
      const hint = page.locator('div.soil-hint', { hasText: 'house-1-soil-99' });
      await hint.waitFor({ timeout: 15000 });
      assert.match((await hint.textContent()) ?? '', /土壌水分が 20% です。かん水の目安です/);
      await page.screenshot({ path: path.join(root, 'test-output', 'soil.png'), fullPage: true });

      await page.goto(`http://127.0.0.1:${port}/ui/#!/1`);
      await page.waitForSelector('md-card svg text', { timeout: 20000 });
      await page.screenshot({ path: path.join(root, 'test-output', 'greenhouse-house-2.png'), fullPage: true });
      const unexpected = errors.filter((e) => !HARMLESS_CONSOLE.some((re) => re.test(e)));
      assert.deepStrictEqual(unexpected, []);
    } finally {
      await browser.close();
    }
  });

  // node-red-dashboard 3.6 lays its groups out (ui-masonry.js refreshSizes) only when a widget's size attribute
  // changes or the window is resized; a layout that measured the groups at a bad moment then stays. A full run once
  // showed that: every group at the page's top, over each other, the 24 h chart's title over the 確認 button. Here the
  // page gets that layout on purpose (a layout while the groups cannot be measured), then an alert arrives: the page
  // must show the groups apart again before the farmer reaches for 確認.
  it('lays the house page out again when a new alert arrives after a layout that left the groups over each other', async () => {
     
    const { chromium } = require('playwright-core');
     
    const { CHROMIUM_ARGS } = require(path.join(root, 'scripts', 'screenshot.js'));
    const browser = await chromium.launch({ executablePath: findBinary('chromium'), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ja-JP' });
      await page.goto(`http://127.0.0.1:${port}/ui/#!/0`);
      await page.waitForSelector('md-card svg text', { timeout: 20000 });
      const groups = () => page.evaluate(() => Array.from(document.querySelectorAll('[ui-masonry] > ui-card-panel.visible')).map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('node-id'), x: r.x, y: r.y, w: r.width, h: r.height };
      }));
      type Box = { id: string; x: number; y: number; w: number; h: number };
      const overlapping = (bs: Box[]) => bs.flatMap((a, i) => bs.slice(i + 1)
        .filter((b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.id}/${b.id}`));
      await until('the four groups laid out apart', 20000, async () => {
        const bs = await groups();
        return bs.length === 4 && overlapping(bs).length === 0 ? true : undefined;
      });
      // the bad layout: the dashboard lays out groups it cannot measure (0 × 0) all at the top, over each other
      const places = () => page.evaluate(() => Array.from(document.querySelectorAll('[ui-masonry] > ui-card-panel'))
        .map((e) => `${(e as HTMLElement).style.top} ${(e as HTMLElement).style.left}`).join());
      const before = await places();
      await page.evaluate(() => {
        (document.querySelector('[ui-masonry]') as HTMLElement).style.display = 'none';
        window.dispatchEvent(new Event('resize'));
      });
      await until('the layout of the hidden groups', 10000, async () => ((await places()) !== before ? true : undefined));
      // shown again and measured in one step: no re-layout (a timer in the page) can come between
      const shown = await page.evaluate(() => {
        (document.querySelector('[ui-masonry]') as HTMLElement).style.display = '';
        return Array.from(document.querySelectorAll('[ui-masonry] > ui-card-panel.visible')).map((e) => {
          const r = e.getBoundingClientRect();
          return { id: e.getAttribute('node-id') ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
        });
      });
      const stale = overlapping(shown);
      assert.ok(stale.length > 0, 'the page starts from the layout that was seen: groups over each other');

      const now = Date.now();
      for (let i = 3; i >= 0; i--) {
        const frame = toCayenneLpp({ airTemperature: 35, airHumidity: 60, co2: 420, solarRadiation: 0, illuminance: 0, batteryVoltage: 3.6 });
        const uplink = toTtsUplink(frame, { deviceId: 'house-1-th-98', devEui: '70B3D57ED0000097', application: 'civic-iot', fCnt: 4 - i, receivedAt: now - i * 5 * 60000, rssi: -80, snr: 7, model: 'test' });
        await client.publishAsync('v3/civic-iot@ttn/devices/house-1-th-98/up', JSON.stringify(uplink), { qos: 1 });
        await sleep(300);
      }
      const firing = await until('a firing heat alert for house-1-th-98', 15000, () => alertEvents.find((e) => e.deviceId === 'house-1-th-98' && e.state === 'firing'));
      await page.locator(`tr.civic-alert-row[data-alert-id="${firing.id}"]`).waitFor({ timeout: 15000 });
      let last: string[] = stale;
      await until('the groups laid out apart after the alert', 10000, async () => {
        last = overlapping(await groups());
        return last.length === 0 ? true : undefined;
      }).catch((err) => { throw new Error(`${err.message}; still over each other: ${last.join(', ')}`); });
      await page.screenshot({ path: path.join(root, 'test-output', 'greenhouse-house-1-relayout.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
