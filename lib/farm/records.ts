// Farm records from the flows' messages into the records store: daily summaries (civic-agri-metrics output 2),
// alert events (civic-alert output 1), soil analyses and grower registrations. Each record gets an id derived from
// what it is (house, device and day; alert and state; field and sampling date; registration and content), so sending
// the same thing twice — a replay, a retried batch — stores it once.
import { createHash } from 'crypto';
import { CivicError } from '../errors';
import { toRow } from '../store/values';
import type { PreparedRow, RecordStore } from '../store/store';
import { FARM_KINDS, type FarmKindName } from './kinds';

/** The record kinds this module maps messages to. */
export const RECORD_TOPICS = ['daily', 'alert', 'soil', 'grower'] as const;
export type RecordTopic = typeof RECORD_TOPICS[number];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Which kind a message is: from its topic (`daily/…`, `alert/…`, `soil…`, `grower…`/`registration…`). */
export function topicOf(topic: unknown): RecordTopic {
  const t = typeof topic === 'string' ? topic : '';
  if (t.startsWith('daily/') || t === 'daily') return 'daily';
  if (t.startsWith('alert/')) return 'alert';
  if (t.startsWith('soil')) return 'soil';
  if (t.startsWith('grower') || t.startsWith('registration')) return 'grower';
  throw new CivicError('civic-farm-records.errors.topic', {}, 'unknown record topic');
}

/** The house of a device: `msg.device.house`, else the device id's first part before "-th-"/"-soil-"/"/". */
export function houseOf(deviceId: string, house?: unknown): string {
  if (typeof house === 'string' && house.trim()) return house.trim();
  const m = /^(.+?)(?:[-_](?:th|soil)[-_]\d+|\/.*)$/.exec(deviceId);
  return m ? m[1] : deviceId;
}

/** A daily summary message → a farm_daily record. */
export function dailyRecord(msg: { payload?: unknown; date?: unknown; device?: { id?: unknown; house?: unknown }; topic?: unknown }): Record<string, unknown> {
  const p = msg.payload as Record<string, unknown> | undefined;
  const date = str(msg.date);
  const device = str(msg.device?.id) ?? (typeof msg.topic === 'string' ? msg.topic.replace(/^daily\//, '') : undefined);
  if (!p || typeof p !== 'object' || !date || !device) throw new CivicError('civic-farm-records.errors.daily', {}, 'not a daily summary');
  return {
    house: houseOf(device, msg.device?.house), device, day: date, samples: num(p.samples),
    tmin: num(p.tmin), tmax: num(p.tmax), tmean: num(p.tmean), tday: num(p.tday), tnight: num(p.tnight), dli: num(p.dli),
    deficit_band: num(p.deficitInBandFraction), in_range: num(p.timeInRangeFraction), rh_mean: num(p.airHumidityMean),
    co2_mean: num(p.co2Mean), soil_moisture: num(p.soilMoistureMean), soil_ec: num(p.soilECMean), soil_temp: num(p.soilTemperatureMean),
  };
}

/** An alert event → a farm_alert record (grouped notifications carry no single alert and are refused). */
export function alertRecord(msg: { payload?: unknown }, now: number): Record<string, unknown> {
  const p = msg.payload as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object' || !str(p.id) || !str(p.state) || typeof p.since !== 'number') {
    throw new CivicError('civic-farm-records.errors.alert', {}, 'not an alert event');
  }
  const device = str(p.deviceId) ?? '';
  return {
    alert: p.id, house: houseOf(device, p.house), device, rule: str(p.ruleId), metric: str(p.metric), severity: str(p.severity),
    state: p.state, since: p.since, at: typeof p.time === 'number' ? p.time : now, message: typeof p.message === 'string' ? p.message.slice(0, 200) : undefined,
  };
}

/** Input property names of a soil analysis (Japanese lab sheet headers accepted). */
const SOIL_FIELDS: Record<string, string[]> = {
  field: ['field', '圃場'], sampled_on: ['sampledOn', 'sampled_on', '採取日'], ph: ['ph', 'pH'], ec: ['ec', 'EC'], cec: ['cec', 'CEC'],
  no3n: ['no3n', '硝酸態窒素'], p2o5: ['p2o5', '可給態リン酸'], k2o: ['k2o', '交換性カリ'], cao: ['cao', '交換性石灰'],
  mgo: ['mgo', '交換性苦土'], humus: ['humus', '腐植'], lab: ['lab', '分析機関'],
};

/** A soil analysis (one row of a lab's sheet) → a farm_soil record. */
export function soilRecord(payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new CivicError('civic-farm-records.errors.soil', {}, 'not a soil analysis');
  const p = payload as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [col, names] of Object.entries(SOIL_FIELDS)) {
    const name = names.find((n) => p[n] !== undefined && p[n] !== '');
    if (name) out[col] = p[name];
  }
  return out;
}

const GROWER_FIELDS: Record<string, string[]> = {
  reg_no: ['regNo', 'reg_no', '登録番号'], category: ['category', '区分'], farm_name: ['farmName', 'farm_name', '経営体名'],
  registered_on: ['registeredOn', 'registered_on', '登録日'], district: ['district', '地区'], crop: ['crop', '主な作物'], status: ['status', '状態'],
};

/** A grower registration (registry CSV row or form) → a farm_grower record. */
export function growerRecord(payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new CivicError('civic-farm-records.errors.grower', {}, 'not a registration');
  const p = payload as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [col, names] of Object.entries(GROWER_FIELDS)) {
    const name = names.find((n) => p[n] !== undefined && p[n] !== '');
    if (name) out[col] = p[name];
  }
  return out;
}

const KIND_OF: Record<RecordTopic, FarmKindName> = { daily: 'daily', alert: 'alert', soil: 'soil', grower: 'grower' };

/** The id that makes a repeat of the same record harmless. */
function ridOf(topic: RecordTopic, r: Record<string, unknown>): string {
  switch (topic) {
    case 'daily': return `daily:${String(r.house)}:${String(r.device)}:${String(r.day)}`;
    case 'alert': return `alert:${String(r.alert)}:${String(r.state)}:${String(r.at)}`;
    case 'soil': return `soil:${String(r.field)}:${String(r.sampled_on)}`;
    default: return `grower:${createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 32)}`;
  }
}

/** Records of one topic → rows ready for the store (checked; the first bad record is named by its number). */
export function prepareFarmRows(store: Pick<RecordStore, 'pseudonym'>, topic: RecordTopic, records: Array<Record<string, unknown>>): PreparedRow[] {
  const kind = FARM_KINDS[KIND_OF[topic]];
  return records.map((r, i) => ({ rid: ridOf(topic, r), source: topic, cells: toRow(kind, r, i + 1, { ...store.pseudonym, unknownFields: 'ignore' }) }));
}

/** The kind of a topic. */
export function kindOfTopic(topic: RecordTopic) {
  return FARM_KINDS[KIND_OF[topic]];
}
