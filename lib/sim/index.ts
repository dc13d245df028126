// Simulated greenhouse and soil devices for trying flows without hardware, for tests and for benchmarks.
import { HAKUI } from '../sun';
import { unitsFor, type Reading } from '../metrics';
import { greenhouseAt, soilAt, type DeviceKind, type Site } from './climate';
import { uniform } from './noise';
import {
  registersToBuffer, toCayenneLpp, toModbusRegisters, toTtsUplink, toUecsXml, type SimValues,
} from './encode';

export { greenhouseAt, soilAt } from './climate';
export type { GreenhouseValues, SoilValues, DeviceKind, Site } from './climate';
export { toCayenneLpp, toModbusRegisters, toTtsUplink, toUecsXml, registersToBuffer } from './encode';

/** What the simulator sends: reading messages, CayenneLPP bytes, TTS v3 uplinks, Modbus registers, UECS CCM XML. */
export const SIM_FORMATS = ['reading', 'cayenne', 'ttn', 'modbus', 'uecs'] as const;
export type SimFormat = typeof SIM_FORMATS[number];
/** Which devices it simulates: greenhouse climate, soil probes, or both alternating. */
export const SIM_KINDS = ['mixed', 'greenhouse', 'soil'] as const;

/** The sensor-sim config (schema `civic-sensor-sim.config`). */
export interface SimConfig {
  devices: number;
  kind: 'mixed' | DeviceKind;
  interval: number;
  site: string;
  houses: string;
  latitude: number;
  longitude: number;
  format: SimFormat;
  seed: number;
  application: string;
  dropout: number;
  spikes: number;
  silentDevice: string;
  silentAfter: number;
}

export const SIM_DEFAULTS: SimConfig = {
  devices: 4, kind: 'mixed', interval: 10, site: 'hakui', houses: 'house-1,house-2',
  latitude: HAKUI.latitude, longitude: HAKUI.longitude, format: 'reading', seed: 1, application: 'civic-iot',
  dropout: 0, spikes: 0, silentDevice: '', silentAfter: 0,
};

export interface SimDevice {
  index: number; id: string; kind: DeviceKind; site: string; house: string; houseNumber: number; number: number;
  model: string; devEui: string;
}

/** One simulated message: `payload` in the configured format plus what the device really measured. */
export interface SimMessage {
  topic: string;
  payload: unknown;
  timestamp: number;
  device: { id: string; model: string; site: string; house: string };
  units?: Record<string, string>;
  meta?: Reading['meta'];
  responseBuffer?: { data: number[]; buffer: Buffer };
  sim: { kind: DeviceKind; truth: SimValues; faults: string[] };
}

const MODELS: Record<DeviceKind, string> = { greenhouse: 'civic-sim-th', soil: 'civic-sim-soil' };

/** The device list a config describes: devices spread round-robin over the houses, kinds alternating per round. */
export function simDevices(config: Pick<SimConfig, 'devices' | 'kind' | 'houses' | 'site'>): SimDevice[] {
  const houses = config.houses.split(',').map((h) => h.trim()).filter(Boolean);
  if (houses.length === 0) houses.push('house-1');
  const counters = new Map<string, number>();
  return Array.from({ length: config.devices }, (_, index) => {
    const houseNumber = index % houses.length;
    const round = Math.floor(index / houses.length);
    const kind: DeviceKind = config.kind === 'mixed' ? (round % 2 === 0 ? 'greenhouse' : 'soil') : config.kind;
    const key = `${houseNumber}/${kind}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    const house = houses[houseNumber];
    const id = `${house}-${kind === 'greenhouse' ? 'th' : 'soil'}-${String(number).padStart(2, '0')}`;
    const devEui = `70B3D57ED0${(index + 1).toString(16).toUpperCase().padStart(6, '0')}`;
    return { index, id, kind, site: config.site, house, houseNumber, number, model: MODELS[kind], devEui };
  });
}

/** Applies a spike fault to one metric of a copy of the values (the kind of glitch a loose connector gives). */
function spike(values: SimValues, pick: number): { values: SimValues; metric: string } {
  const names = Object.keys(values).filter((k) => k !== 'batteryVoltage');
  const metric = names[Math.floor(pick * names.length) % names.length];
  const copy = { ...values } as Record<string, number>;
  const v = copy[metric];
  copy[metric] = metric === 'airHumidity' || metric === 'soilMoisture' ? Math.min(100, v + 40)
    : metric.endsWith('Temperature') ? Math.round((v + 25) * 10) / 10 : Math.round(v * 3 * 100) / 100;
  return { values: copy as unknown as SimValues, metric };
}

export interface Simulator {
  readonly devices: SimDevice[];
  /** Messages of every device at time `t` (epoch ms), after fault injection. */
  tick(t: number): SimMessage[];
  /** What device `index` measures at `t`, without faults or encoding. */
  valuesAt(index: number, t: number): SimValues;
}

/** Creates a simulator; output is a pure function of (config, t) plus the fCnt counter of each device. */
export function createSimulator(partial: Partial<SimConfig> = {}): Simulator {
  const config: SimConfig = { ...SIM_DEFAULTS, ...partial };
  const devices = simDevices(config);
  const site: Site = { latitude: config.latitude, longitude: config.longitude };
  const fCnt = new Array<number>(devices.length).fill(0);
  let firstTick: number | undefined;

  const valuesAt = (index: number, t: number): SimValues => {
    const d = devices[index];
    return d.kind === 'greenhouse' ? greenhouseAt(config.seed, index, t, site) : soilAt(config.seed, index, t, site);
  };

  // Messages are built as plain literals, one allocation each: spreading a shared base per message cost more than
  // the physics (profile of bench/sim.ts).
  const radio = (d: SimDevice, t: number) => ({
    rssi: -70 - Math.round(40 * uniform(config.seed, d.index, 20, Math.floor(t / 1000))),
    snr: Math.round((9 - 12 * uniform(config.seed, d.index, 21, Math.floor(t / 1000))) * 10) / 10,
  });
  const message = (d: SimDevice, t: number, topic: string, payload: unknown, values: SimValues, faults: string[]): SimMessage => ({
    topic, payload, timestamp: t, device: { id: d.id, model: d.model, site: d.site, house: d.house },
    sim: { kind: d.kind, truth: values, faults },
  });

  const encode = (d: SimDevice, values: SimValues, t: number, faults: string[]): SimMessage => {
    switch (config.format) {
      case 'cayenne':
        return message(d, t, d.id, toCayenneLpp(values), values, faults);
      case 'ttn': {
        fCnt[d.index] += 1;
        const { rssi, snr } = radio(d, t);
        const uplink = toTtsUplink(toCayenneLpp(values), { deviceId: d.id, devEui: d.devEui, application: config.application,
          fCnt: fCnt[d.index], receivedAt: t, rssi, snr, model: d.model });
        return message(d, t, `v3/${config.application}@ttn/devices/${d.id}/up`, uplink, values, faults);
      }
      case 'modbus': {
        const data = toModbusRegisters(values);
        const m = message(d, t, d.id, data, values, faults);
        m.responseBuffer = { data, buffer: registersToBuffer(data) };
        return m;
      }
      case 'uecs':
        return message(d, t, d.id, toUecsXml(values, { room: d.houseNumber + 1, region: d.kind === 'greenhouse' ? 1 : 2,
          order: d.number, priority: 29, ip: `192.168.1.${(100 + d.index) % 255}` }), values, faults);
      default: {
        const payload = Object.assign({}, values) as unknown as Record<string, number>;
        const m = message(d, t, d.id, payload, values, faults);
        m.units = unitsFor(payload);
        m.meta = { source: 'sensor-sim', warnings: faults.length ? faults.map((f) => `simulated ${f}`) : [] };
        return m;
      }
    }
  };

  const silentIds = new Set(config.silentDevice.split(',').map((s) => s.trim()).filter(Boolean));

  return {
    devices,
    valuesAt,
    tick(t: number): SimMessage[] {
      if (firstTick === undefined) firstTick = t;
      const out: SimMessage[] = [];
      const second = Math.floor(t / 1000);
      for (const d of devices) {
        if (silentIds.has(d.id) && t - firstTick >= config.silentAfter * 60000) continue;
        if (config.dropout > 0 && uniform(config.seed, d.index, 30, second) < config.dropout) continue;
        let values = valuesAt(d.index, t);
        const faults: string[] = [];
        if (config.spikes > 0 && uniform(config.seed, d.index, 31, second) < config.spikes) {
          const s = spike(values, uniform(config.seed, d.index, 32, second));
          values = s.values;
          faults.push(`spike:${s.metric}`);
        }
        out.push(encode(d, values, t, faults));
      }
      return out;
    },
  };
}
