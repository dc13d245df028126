// What a vendor codec (or a network server running one) returns, turned into a reading without inventing any: numbers
// become values (nested objects flattened to `a_b`, booleans 0/1), text stays text (msg.meta.text), and SenseCAP's
// `messages` list (TTN device repository, vendor/sensecap/sensecap210x-common-decoder.js) gives its measurements
// under canonical names, its battery as batteryPercent and its device properties as device information.
import { SENSECAP_IDS } from './profiles/sensecap';
import { type Decoded, emptyDecoded, put, putInfo, putText, warn } from './values';

/** What an object from a codec says beyond its values: a failure the codec itself reported (SenseCAP `valid: false`). */
export interface ObjectValues { decoded: Decoded; failure?: string }

const MAX_DEPTH = 4;
const MAX_ITEMS = 500;

function flatten(o: Record<string, unknown>, out: Decoded, prefix: string, depth: number): void {
  let count = 0;
  for (const k of Object.keys(o)) {
    if (++count > MAX_ITEMS) {
      warn(out, 'tooMany', { name: prefix || 'data', count: MAX_ITEMS }, `only the first ${MAX_ITEMS} items of ${prefix || 'data'} were read`);
      return;
    }
    const key = prefix ? `${prefix}_${k}` : k;
    value(o[k], key, out, depth);
  }
}

function value(v: unknown, key: string, out: Decoded, depth: number): void {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) put(out, key, v);
    else warn(out, 'notNumber', { name: key }, `${key} is not a finite number and was left out`);
  } else if (typeof v === 'boolean') put(out, key, v ? 1 : 0);
  else if (typeof v === 'string') putText(out, key, v);
  else if (v === null || v === undefined) return;
  else if (typeof v === 'object' && depth < MAX_DEPTH) {
    if (Array.isArray(v)) flatten(Object.fromEntries(v.map((x, i) => [String(i), x])), out, key, depth + 1);
    else flatten(v as Record<string, unknown>, out, key, depth + 1);
  } else warn(out, 'notNumber', { name: key }, `${key} is not a number and was left out`);
}

type SenseCapMessage = Record<string, unknown>;

function senseCapMessage(m: SenseCapMessage, out: Decoded): void {
  const id = Number(m.measurementId);
  if (m.measurementValue !== undefined && Number.isInteger(id)) {
    const v = Number(m.measurementValue);
    const known = SENSECAP_IDS[id];
    if (Number.isFinite(v)) put(out, known ? known[0] : `sensecap_${id}`, v);
    else warn(out, 'notNumber', { name: `measurement ${id}` }, `measurement ${id} is not a number and was left out`);
    return;
  }
  switch (m.type) {
    case 'upload_battery': if (typeof m.battery === 'number') put(out, 'batteryPercent', m.battery); return;
    case 'upload_interval': if (typeof m.interval === 'number') putInfo(out, 'uploadInterval', m.interval); return;
    case 'upload_version':
      if (m.hardwareVersion !== undefined) putInfo(out, 'hardwareVersion', String(m.hardwareVersion));
      if (m.softwareVersion !== undefined) putInfo(out, 'softwareVersion', String(m.softwareVersion));
      return;
    case 'upload_sensor_id': if (m.sensorId !== undefined) putInfo(out, 'sensorId', String(m.sensorId)); return;
    case 'report_remove_sensor': putInfo(out, 'sensorRemoved', Number(m.channel) || 1); return;
    default: warn(out, 'unknownMessage', { type: String(m.type ?? '?').slice(0, 40) }, `a ${String(m.type ?? 'untyped').slice(0, 40)} message was not decoded`);
  }
}

function senseCapMessages(list: unknown[], out: Decoded, depth = 0): void {
  for (const m of list.slice(0, MAX_ITEMS)) {
    if (Array.isArray(m) && depth < 2) senseCapMessages(m, out, depth + 1);
    else if (m && typeof m === 'object') senseCapMessage(m as SenseCapMessage, out);
  }
}

/** True for SenseCAP's decoder output: `{ valid, err, payload, messages: [...] }` (messages may be nested lists). */
export function isSenseCapOutput(o: Record<string, unknown>): boolean {
  return Array.isArray(o.messages) && ('valid' in o || 'err' in o || o.messages.some((m) => Array.isArray(m) || (m && typeof m === 'object' && 'type' in m)));
}

/** A codec's (or a network server's) decoded object as values, text and device information. */
export function objectValues(o: Record<string, unknown>): ObjectValues {
  const decoded = emptyDecoded();
  if (!isSenseCapOutput(o)) {
    flatten(o, decoded, '', 0);
    return { decoded };
  }
  if (o.valid === false || (typeof o.err === 'number' && o.err !== 0)) {
    return { decoded, failure: `valid: ${String(o.valid)}, err: ${String(o.err)}` };
  }
  senseCapMessages(o.messages as unknown[], decoded);
  return { decoded };
}
