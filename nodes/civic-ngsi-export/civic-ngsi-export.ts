// civic-ngsi-export: each daily summary of a house (civic-agri-metrics output 2) becomes FIWARE NGSI-v2 entities
// following the Smart Data Models WeatherObserved and AgriParcelRecord, written to a file per day or sent to a
// context broker (batch update); the access token is a credential.
import os from 'os';
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { dayEntities, houseOf, normalize, postEntities, writeEntitiesFile, type NgsiFormat, type Parcel } from '../../lib/farm';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, type Done, type Send } from '../../node-kit';

interface NgsiConfig {
  target: 'file' | 'broker'; format: NgsiFormat; url: string; service: string; servicePath: string; directory: string; prefix: string;
  latitude: number; longitude: number; parcels: Array<{ house: string; id: string; latitude: number | string; longitude: number | string }>;
}
// a time the day's ISO date can be written from (Date stops at ±8.64e15 ms)
const validTime = (t: unknown): t is number => typeof t === 'number' && Math.abs(t) <= 8.64e15;
type DailyMsg = NodeMessageInFlow & { date?: unknown; timestamp?: unknown; device?: { id?: unknown; house?: unknown } };

export = function register(RED: NodeAPI) {
  function NgsiExportNode(this: Node<{ token?: string }>, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<NgsiConfig>(RED, this, 'civic-ngsi-export', def);
    if (!config) return;
    const token = (this.credentials as { token?: string } | undefined)?.token || undefined;
    const userDir = (RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red');
    const dir = path.isAbsolute(config.directory) ? config.directory : path.join(userDir, config.directory);
    const parcelOf = (house: string): Parcel => {
      const p = config.parcels.find((x) => x.house === house);
      const n = (v: unknown, d: number) => (v === '' || v === undefined || !Number.isFinite(Number(v)) ? d : Number(v));
      return { id: p?.id || house, name: house, latitude: n(p?.latitude, config.latitude), longitude: n(p?.longitude, config.longitude) };
    };

    this.on('input', (msg: DailyMsg, send: Send, done: Done) => {
      void (async () => {
        const p = msg.payload;
        const date = typeof msg.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(msg.date) ? msg.date : undefined;
        const device = typeof msg.device?.id === 'string' ? msg.device.id : typeof msg.topic === 'string' ? msg.topic.replace(/^daily\//, '') : '';
        if (!p || typeof p !== 'object' || Array.isArray(p) || !date || !device || !validTime(msg.timestamp)) {
          throw new CivicError('civic-ngsi-export.errors.daily', {}, 'not a daily summary');
        }
        const house = houseOf(device, msg.device?.house);
        const kv = dayEntities({ house, date, start: msg.timestamp, payload: p as Record<string, unknown> }, parcelOf(house), config.prefix);
        if (!kv.length) throw new CivicError('civic-ngsi-export.errors.empty', {}, 'nothing to export in this summary');
        const entities = config.format === 'normalized' ? kv.map(normalize) : kv;
        if (config.target === 'broker') {
          msg.statusCode = await postEntities(entities, { url: config.url, service: config.service || undefined, servicePath: config.servicePath || undefined, token, format: config.format });
        } else {
          (msg as Record<string, unknown>).filename = writeEntitiesFile(dir, date, entities);
        }
        msg.payload = entities;
        send(msg);
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-ngsi-export.status.sent', { count: entities.length, date }) });
      })().then(() => done(), (err: unknown) => fail(RED, this, done, err));
    });
  }
  RED.nodes.registerType('civic-ngsi-export', NgsiExportNode as never, { credentials: { token: { type: 'password' } } });
};
