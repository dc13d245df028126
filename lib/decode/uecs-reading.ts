// The uecs-in node's core: one reading per UECS CCM datagram that passes the node's filters.
import type { Reading } from '../metrics';
import { decodeError } from './errors';
import { toReading } from './reading';
import { parseCcm, ccmValues, type CcmFilter } from './uecs';
import type { Translate } from './values';

/** Options of uecsReading (the uecs-in node). */
export interface UecsReadingOptions {
  filter?: CcmFilter;
  deviceId?: string;
  site?: string;
  house?: string;
  /** the UDP sender's address, used as device id when the packet has no <IP> */
  sender?: string;
  maxBytes?: number;
  translate?: Translate;
  now?: () => number;
}

/**
 * One reading from one CCM packet (UDP datagram), or undefined when no DATA element passes the filter.
 * Throws a CivicError (badXml with the byte offset, reservedName, badCodePoint, oversize) for a broken packet.
 */
export function uecsReading(datagram: Buffer | string, options: UecsReadingOptions = {}): Reading | undefined {
  const limit = options.maxBytes ?? 8192;
  const size = typeof datagram === 'string' ? Buffer.byteLength(datagram) : datagram.length;
  if (size > limit) throw decodeError('oversize', { offset: limit, size, limit }, `packet of ${size} bytes is larger than ${limit}`);
  const packet = parseCcm(typeof datagram === 'string' ? datagram : datagram.toString('utf8'));
  const { items, ...values } = ccmValues(packet, options.filter);
  if (items.length === 0) return undefined;
  if (Object.keys(values.values).length === 0) throw decodeError('noValues', { offset: 0 }, 'the packet carries no numeric value');
  const rooms = new Set(items.map((d) => d.room));
  const house = rooms.size === 1 && !rooms.has(0) ? String([...rooms][0]) : undefined;
  const extra: Record<string, unknown> = {
    uecs: items.map((d) => ({ type: d.type, room: d.room, region: d.region, order: d.order, priority: d.priority, value: d.value })),
  };
  if (packet.ver) extra.uecsVersion = packet.ver;
  return toReading({ values, source: 'uecs', format: 'uecs', ip: packet.ip, house, extra },
    { deviceId: options.deviceId || packet.ip || options.sender || 'uecs', site: options.site, house: options.house },
    (options.now ?? Date.now)(), options.translate);
}
