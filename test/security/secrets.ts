// Finds secrets in flow JSON: properties named like a secret that carry a value, node `credentials`, and values
// that look like keys (long random hex/base64, PEM blocks, JWTs, bcrypt hashes) — also inside JSON text that a
// value carries (e.g. an inject node's payload).
export interface Finding { where: string; what: string }

/** Property names that hold secrets in Node-RED and this pack. */
const SECRET_NAME = /(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credentials?|authori[sz]ation|(?:^|[a-z_-])key|Key|salt|hmac)$/i;
/**
 * Documented non-secret properties whose names look like one: core nodes' message-property selectors.
 * join.key = the msg property that names the parts ("topic"); sort.msgKey/seqKey = the sort expression and the
 * property to sort (JSONata or a msg path); partition.key = the msg property holding the partition key ("device.id");
 * Dashboard 2.0 ui-form options[].key / ui-table columns[].key = the form field / the row property a column shows.
 */
const NOT_SECRET: Record<string, string[]> = { join: ['key'], sort: ['msgKey', 'seqKey'], 'civic-partition': ['key'], 'ui-form': ['key'], 'ui-table': ['key'] };
/** Properties that carry sample device data in examples (frames as hex/base64 are expected there). */
const DATA_KEYS = new Set(['payload', 'frm_payload', 'data', 'bytes', 'raw', 'info']);

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === false
    || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.values(v).every(empty));
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Reasons a string value looks like key material (empty when it does not). */
export function keyLike(s: string): string[] {
  const out: string[] = [];
  if (/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/.test(s)) out.push('PEM block');
  if (/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./.test(s)) out.push('JWT');
  if (/\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}/.test(s)) out.push('bcrypt hash');
  for (const hex of s.match(/(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])/g) ?? []) out.push(`hex string of ${hex.length} characters`);
  for (const b64 of s.match(/(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{40,}={0,2}/g) ?? []) {
    if (/[a-z]/.test(b64) && /[A-Z]/.test(b64) && /\d/.test(b64) && entropy(b64) > 4.2) out.push(`random-looking base64 of ${b64.length} characters`);
  }
  return out;
}

function scanValue(v: unknown, where: string, key: string, type: string, out: Finding[], depth = 0): void {
  if (depth > 20) return;
  if (typeof v === 'string') {
    if (!DATA_KEYS.has(key)) for (const what of keyLike(v)) out.push({ where, what });
    const t = v.trim();
    if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
      try { scanValue(JSON.parse(t), `${where} (JSON text)`, key, type, out, depth + 1); } catch { /* not JSON */ }
    }
    return;
  }
  if (Array.isArray(v)) { v.forEach((x, i) => scanValue(x, `${where}[${i}]`, key, type, out, depth + 1)); return; }
  if (!v || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    const here = `${where}.${k}`;
    if (k === 'credentials' && !empty(x)) out.push({ where: here, what: 'credentials carried in the flow' });
    else if (SECRET_NAME.test(k) && !(NOT_SECRET[type] ?? []).includes(k) && !empty(x)) {
      out.push({ where: here, what: `property named like a secret has a value (${typeof x})` });
    }
    scanValue(x, here, k, type, out, depth + 1);
  }
}

/** Every finding in a flow array (or a single node object). */
export function scanFlow(flow: unknown, label: string): Finding[] {
  const out: Finding[] = [];
  const nodes = Array.isArray(flow) ? flow : [flow];
  nodes.forEach((n, i) => {
    const type = n && typeof n === 'object' ? String((n as { type?: unknown }).type ?? '') : '';
    const id = n && typeof n === 'object' ? String((n as { id?: unknown }).id ?? i) : String(i);
    scanValue(n, `${label} ${type}#${id}`, '', type, out);
  });
  return out;
}

/** The repository root: the nearest folder above this file whose package.json is this pack's (dist/ or a build dir). */
export function repoRoot(): string {
   
  const fs = require('fs') as typeof import('fs');
   
  const path = require('path') as typeof import('path');
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'node-red-contrib-civic-iot') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package root above ${__dirname}`);
    dir = up;
  }
}
