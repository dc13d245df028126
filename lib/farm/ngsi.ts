// FIWARE NGSI-v2 entities for city data platforms, following the Smart Data Models WeatherObserved (greenhouse air
// of a day) and AgriParcelRecord (soil of a day): key-values or normalised representation, written to files or sent
// to a context broker as one batch update (POST /v2/op/update, actionType "append").
import { createHash } from 'crypto';
import fs from 'fs';
import http from 'http';
import path from 'path';
import https from 'https';
import { CivicError } from '../errors';
import { writeFileAtomicSync } from '../storage/atomic-file';

/** Representations of an entity. */
export const NGSI_FORMATS = ['normalized', 'keyValues'] as const;
export type NgsiFormat = typeof NGSI_FORMATS[number];

/** A house (parcel) as the platform sees it: its id part and position. */
export interface Parcel { id: string; latitude: number; longitude: number; name?: string }

/** One day of a house, as civic-agri-metrics summarises it (daily means). */
export interface DaySummary { house: string; date: string; start: number; payload: Record<string, unknown> }

type Entity = Record<string, unknown> & { id: string; type: string };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * NGSI ids allow letters, digits and - _ . : only (no spaces, slashes or Japanese): other characters become '-', and a
 * short hash of the original keeps two names that differ only there (ハウス1, 温室1) apart.
 */
export function ngsiIdPart(s: string): string {
  const norm = s.normalize('NFKC');
  const clean = norm.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'x';
  return clean === norm ? clean : `${clean}-${createHash('sha256').update(norm).digest('hex').slice(0, 6)}`;
}

/** The entities of one day summary (key-values): WeatherObserved when air values exist, AgriParcelRecord for soil. */
export function dayEntities(d: DaySummary, parcel: Parcel, prefix: string): Entity[] {
  const p = d.payload;
  const part = `${ngsiIdPart(prefix)}-${ngsiIdPart(parcel.id)}-${d.date}`;
  const location = { type: 'Point', coordinates: [parcel.longitude, parcel.latitude] };
  const observed = new Date(d.start).toISOString();
  const out: Entity[] = [];
  const t = num(p.tmean);
  const rh = num(p.airHumidityMean);
  if (t !== undefined || rh !== undefined) {
    const e: Entity = { id: `urn:ngsi-ld:WeatherObserved:${part}`, type: 'WeatherObserved', dateObserved: observed, location,
      name: `${parcel.name ?? parcel.id} ${d.date}`, description: 'daily mean inside the greenhouse (civic-agri-metrics)' };
    if (t !== undefined) e.temperature = round(t, 2);
    if (rh !== undefined) e.relativeHumidity = round(Math.min(100, Math.max(0, rh)) / 100);
    out.push(e);
  }
  const soilT = num(p.soilTemperatureMean);
  const moisture = num(p.soilMoistureMean);
  const ec = num(p.soilECMean);
  if (soilT !== undefined || moisture !== undefined || ec !== undefined) {
    const e: Entity = { id: `urn:ngsi-ld:AgriParcelRecord:${part}`, type: 'AgriParcelRecord', hasAgriParcel: `urn:ngsi-ld:AgriParcel:${ngsiIdPart(prefix)}-${ngsiIdPart(parcel.id)}`,
      location, dateCreated: observed, description: `daily mean of ${d.date} (civic-agri-metrics)` };
    if (soilT !== undefined) e.soilTemperature = round(soilT, 2);
    if (moisture !== undefined) e.soilMoistureVwc = round(Math.min(100, Math.max(0, moisture)) / 100);   // % → 0–1
    if (ec !== undefined) e.soilMoistureEc = round(ec / 10);                                               // dS/m → S/m
    if (rh !== undefined) e.relativeHumidity = round(Math.min(100, Math.max(0, rh)) / 100);
    out.push(e);
  }
  return out;
}

/** UN/CEFACT unit codes of the attributes (metadata.unitCode in the normalised form). */
const UNITS: Record<string, string> = { temperature: 'CEL', soilTemperature: 'CEL', relativeHumidity: 'C62', soilMoistureVwc: 'C62', soilMoistureEc: 'D10' };
const TYPES: Record<string, string> = { location: 'geo:json', dateObserved: 'DateTime', dateCreated: 'DateTime', hasAgriParcel: 'Relationship' };

/** The normalised NGSI-v2 form of a key-values entity ({type, value, metadata} per attribute). */
export function normalize(e: Entity): Entity {
  const out: Entity = { id: e.id, type: e.type };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'id' || k === 'type') continue;
    const type = TYPES[k] ?? (typeof v === 'number' ? 'Number' : typeof v === 'string' ? 'Text' : 'StructuredValue');
    out[k] = UNITS[k] ? { type, value: v, metadata: { unitCode: { type: 'Text', value: UNITS[k] } } } : { type, value: v, metadata: {} };
  }
  return out;
}

/** The key-values form of a normalised entity (what the Smart Data Models schemas describe). */
export function keyValues(e: Entity): Entity {
  const out: Entity = { id: e.id, type: e.type };
  for (const [k, v] of Object.entries(e)) if (k !== 'id' && k !== 'type') out[k] = (v as { value: unknown }).value;
  return out;
}

export interface BrokerTarget { url: string; service?: string; servicePath?: string; token?: string; format: NgsiFormat; timeoutMs?: number }

/** Sends entities in one batch update; resolves with the HTTP status, rejects with a translatable error (status only). */
export function postEntities(entities: Entity[], t: BrokerTarget): Promise<number> {
  let u: URL;
  try { u = new URL(`${t.url.replace(/\/+$/, '')}/v2/op/update${t.format === 'keyValues' ? '?options=keyValues' : ''}`); } catch {
    return Promise.reject(new CivicError('civic-ngsi-export.errors.url', {}, 'the context broker URL is not valid'));
  }
  const body = Buffer.from(JSON.stringify({ actionType: 'append', entities }));
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (t.service) headers['Fiware-Service'] = t.service;
  if (t.servicePath) headers['Fiware-ServicePath'] = t.servicePath;
  if (t.token) headers['X-Auth-Token'] = t.token;
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method: 'POST', headers, timeout: t.timeoutMs ?? 15000 }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new CivicError('civic-ngsi-export.errors.status', { status }, `the context broker answered ${status}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => reject(new CivicError('civic-ngsi-export.errors.unreachable', {}, 'the context broker could not be reached')));
    req.end(body);
  });
}

/** Where entities go. */
export const NGSI_TARGETS = ['file', 'broker'] as const;

/** Merges entities into the day's file (by id; the newest wins) and writes it atomically; returns the file. */
export function writeEntitiesFile(dir: string, date: string, entities: Entity[]): string {
  const file = path.join(dir, `ngsi-${date.replace(/[^0-9-]/g, '')}.json`);
  fs.mkdirSync(dir, { recursive: true });
  const byId = new Map<string, Entity>();
  if (fs.existsSync(file)) for (const e of JSON.parse(fs.readFileSync(file, 'utf8')) as Entity[]) byId.set(e.id, e);
  for (const e of entities) byId.set(e.id, e);
  writeFileAtomicSync(file, `${JSON.stringify([...byId.values()], null, 2)}\n`);
  return file;
}
