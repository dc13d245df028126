// UECS CCM (Japanese greenhouse standard): XML over UDP 16520. A strict, small parser for the CCM subset (no DTD,
// no CDATA, no comments; attributes in double quotes; case-sensitive), then a mapping of known CCM types to
// canonical metrics. Unknown types stay under their CCM name; every DATA element's attributes are kept.
import { decodeError } from './errors';
import { type Decoded, emptyDecoded, put, warn } from './values';

/** One `<DATA>` element of a CCM packet. */
export interface CcmData {
  type: string;
  /** the type before the dot (InAirTemp of InAirTemp.mIC) */
  name: string;
  room: number;
  region: number;
  order: number;
  priority: number;
  value: string;
  attributes: Record<string, string>;
}

/** A parsed CCM packet. */
export interface CcmPacket {
  ver?: string;
  data: CcmData[];
  ip?: string;
  /** other child elements (REQUEST, SEARCH, ...) by name with their text */
  other: Array<{ name: string; attributes: Record<string, string>; text: string }>;
}

interface Element { name: string; attributes: Record<string, string>; text: string; children: Element[]; at: number }

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const ENTITIES: ReadonlyMap<string, string> = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);
/** Names that would reach Object.prototype if a wire name ever became a plain object key. */
const RESERVED = /(?:^|[.:])(?:__proto__|constructor|prototype)(?:$|[.:])/;

/** True for a code point XML 1.0 allows in a document (§2.2 Char). */
function xmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)
    || (cp >= 0x10000 && cp <= 0x10ffff);
}

class XmlReader {
  pos = 0;
  constructor(private readonly s: string) {}

  /** Throws badXml; `code` names the reason in the catalog (civic-sensor-decode.xml.<code>), `reason` is its English. */
  fail(code: string, reason: string, at = this.pos): never {
    const offset = this.offset(at);
    throw decodeError('badXml', { offset, reason, reasonKey: `civic-sensor-decode.xml.${code}` }, `byte ${offset}: invalid UECS XML: ${reason}`);
  }

  offset(at: number): number {
    return Buffer.byteLength(this.s.slice(0, at));
  }

  /** Refuses a wire name that would reach Object.prototype (__proto__, constructor, prototype). */
  checkName(name: string, at: number): string {
    if (RESERVED.test(name)) {
      const offset = this.offset(at);
      throw decodeError('reservedName', { offset }, `byte ${offset}: the name is reserved and cannot be used in a UECS packet`);
    }
    return name;
  }

  ws(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) this.fail('name', 'a name was expected');
    this.pos += m[0].length;
    return m[0];
  }

  text(raw: string, at: number): string {
    return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (all, ent: string | undefined, idx: number) => {
      if (!ent) this.fail('amp', 'a bare "&" must be written &amp;', at + idx);
      if (ent.startsWith('#')) return this.charRef(ent, at + idx);
      const named = ENTITIES.get(ent);
      if (named === undefined) this.fail('entity', 'unknown entity', at + idx);
      return named;
    });
  }

  /** A character reference (&#...; or &#x...;) that XML allows; anything else is a translated error. */
  charRef(ent: string, at: number): string {
    const digits = ent.startsWith('#x') ? ent.slice(2) : ent.slice(1);
    const cp = digits.length > 8 ? NaN : parseInt(digits, ent.startsWith('#x') ? 16 : 10);
    if (!xmlChar(cp)) {
      const offset = this.offset(at);
      throw decodeError('badCodePoint', { offset }, `byte ${offset}: the character reference is not a character XML allows`);
    }
    return String.fromCodePoint(cp);
  }

  element(depth: number): Element {
    if (depth > 8) this.fail('depth', 'elements are nested too deeply');
    const at = this.pos;
    if (this.s[this.pos] !== '<') this.fail('tag', 'a tag was expected');
    this.pos++;
    const name = this.checkName(this.name(), at + 1);
    const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const before = this.pos;
      this.ws();
      const c = this.s[this.pos];
      if (c === '/' && this.s[this.pos + 1] === '>') { this.pos += 2; return { name, attributes, text: '', children: [], at }; }
      if (c === '>') { this.pos++; break; }
      if (c === undefined) this.fail('unclosed', 'an element is not closed');
      if (this.pos === before) this.fail('space', 'a space was expected between attributes');
      const attrAt = this.pos;
      const attr = this.checkName(this.name(), attrAt);
      this.ws();
      if (this.s[this.pos] !== '=') this.fail('attrValue', 'an attribute has no value');
      this.pos++;
      this.ws();
      if (this.s[this.pos] !== '"') this.fail('quotes', 'attribute values must be in double quotes');
      const end = this.s.indexOf('"', this.pos + 1);
      if (end < 0) this.fail('quotes', 'attribute values must be in double quotes');
      const raw = this.s.slice(this.pos + 1, end);
      if (raw.includes('<')) this.fail('lt', 'an attribute value contains "<"', this.pos + 1 + raw.indexOf('<'));
      if (attr in attributes) this.fail('repeated', 'an attribute is repeated');
      attributes[attr] = this.text(raw, this.pos + 1);
      this.pos = end + 1;
    }
    const children: Element[] = [];
    let text = '';
    for (;;) {
      const lt = this.s.indexOf('<', this.pos);
      if (lt < 0) this.fail('unclosed', 'an element is not closed', this.s.length);
      text += this.text(this.s.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (this.s.startsWith('</', lt)) {
        this.pos += 2;
        const close = this.name();
        if (close !== name) this.fail('mismatch', 'a closing tag does not match its element', lt);
        this.ws();
        if (this.s[this.pos] !== '>') this.fail('tag', 'a tag was expected');
        this.pos++;
        return { name, attributes, text, children, at };
      }
      if (this.s.startsWith('<!', lt) || this.s.startsWith('<?', lt)) this.fail('markup', 'comments, CDATA and declarations are not allowed here');
      children.push(this.element(depth + 1));
    }
  }

  document(): Element {
    this.ws();
    if (this.s.startsWith('<?xml', this.pos)) {
      const end = this.s.indexOf('?>', this.pos);
      if (end < 0) this.fail('declaration', 'the XML declaration is not closed');
      this.pos = end + 2;
      this.ws();
    }
    const root = this.element(0);
    this.ws();
    if (this.pos < this.s.length) this.fail('trailing', 'text after the root element');
    return root;
  }
}

function intAttr(reader: XmlReader, el: Element, name: string, min: number, max: number): number {
  const raw = el.attributes[name];
  if (raw === undefined) reader.fail(`${name}Missing`, `a DATA element lacks the ${name} attribute`, el.at);
  if (!/^\d+$/.test(raw)) reader.fail(`${name}Range`, `a DATA ${name} is not a whole number from ${min} to ${max}`, el.at);
  const v = Number(raw);
  if (v < min || v > max) reader.fail(`${name}Range`, `a DATA ${name} is not a whole number from ${min} to ${max}`, el.at);
  return v;
}

/** Parses a CCM packet (`<UECS ver="..."><DATA .../>...<IP>...</IP></UECS>`); errors name the byte offset. */
export function parseCcm(xml: string): CcmPacket {
  const reader = new XmlReader(xml);
  const root = reader.document();
  if (root.name !== 'UECS') reader.fail('root', 'the root element is not <UECS>', root.at);
  const packet: CcmPacket = { ver: root.attributes.ver, data: [], other: [] };
  for (const el of root.children) {
    if (el.name === 'DATA') {
      const type = el.attributes.type;
      if (!type) reader.fail('typeMissing', 'a DATA element lacks the type attribute', el.at);
      reader.checkName(type, el.at);
      packet.data.push({
        type, name: type.split('.')[0],
        room: intAttr(reader, el, 'room', 0, 127), region: intAttr(reader, el, 'region', 0, 127),
        order: intAttr(reader, el, 'order', 0, 30000),
        priority: el.attributes.priority === undefined ? 30 : intAttr(reader, el, 'priority', 0, 30),
        value: el.text.trim(), attributes: el.attributes,
      });
    } else if (el.name === 'IP') packet.ip = el.text.trim();
    else packet.other.push({ name: el.name, attributes: el.attributes, text: el.text.trim() });
  }
  return packet;
}

/** Known CCM types: canonical name (or the CCM name when there is none), unit and factor to that unit. */
export const CCM_TYPES: Readonly<Record<string, readonly [string, string, number]>> = {
  InAirTemp: ['airTemperature', '°C', 1],
  InAirHumid: ['airHumidity', '%', 1],
  InAirHD: ['humidityDeficit', 'g/m³', 1],
  InAirCO2: ['co2', 'ppm', 1],
  InRadiation: ['solarRadiation', 'W/m²', 1000],                  // kW/m² → W/m²
  SoilTemp: ['soilTemperature', '°C', 1],
  WAirTemp: ['WAirTemp', '°C', 1],                                // outdoor: no canonical name, unit known
  WAirHumid: ['WAirHumid', '%', 1],
  WWindSpeed: ['windSpeed', 'm/s', 1],
  WRainfall: ['WRainfall', '', 1],
};

/** Which DATA elements to keep: 0 or empty = any; a DATA value of 0 is a wildcard that matches any filter. */
export interface CcmFilter { types?: string[]; room?: number; region?: number; order?: number }

/** True when `d` passes `f`. */
export function ccmMatches(d: CcmData, f: CcmFilter): boolean {
  if (f.types && f.types.length && !f.types.includes(d.type) && !f.types.includes(d.name)) return false;
  const ok = (want: number | undefined, got: number) => !want || got === 0 || got === want;
  return ok(f.room, d.room) && ok(f.region, d.region) && ok(f.order, d.order);
}

/**
 * Turns a packet's DATA elements into values. Of several elements with the same type/room/region/order the lowest
 * priority number wins; the same metric for another room/region/order gets a `_<room>_<region>_<order>` suffix.
 */
export function ccmValues(packet: CcmPacket, filter: CcmFilter = {}): Decoded & { items: CcmData[] } {
  const best = new Map<string, CcmData>();
  for (const d of packet.data) {
    if (!ccmMatches(d, filter)) continue;
    const k = `${d.type}|${d.room}|${d.region}|${d.order}`;
    const prev = best.get(k);
    if (!prev || d.priority < prev.priority) best.set(k, d);
  }
  const out = emptyDecoded();
  const items = [...best.values()];
  for (const d of items) {
    const known = Object.hasOwn(CCM_TYPES, d.name) ? CCM_TYPES[d.name] : undefined;
    const v = Number(d.value);
    if (d.value === '' || !Number.isFinite(v)) {
      warn(out, 'notNumber', { name: d.type }, `${d.type} is not a number and was left out`);
      continue;
    }
    let name = known ? known[0] : d.name;
    if (Object.hasOwn(out.values, name)) name = `${name}_${d.room}_${d.region}_${d.order}`;
    const value = known && known[2] !== 1 ? Number((v * known[2]).toPrecision(12)) : v;
    put(out, name, value, known && known[1] ? known[1] : undefined);
  }
  return { ...out, items };
}
