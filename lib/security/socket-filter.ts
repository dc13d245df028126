// What one dashboard socket may receive and send, by the role of its login (./roles). Both dashboards push live data
// over socket.io; the classic one broadcasts (io.emit), Dashboard 2.0 emits per connection, and both end in the
// socket.io Client's writeToEngine with the packet already encoded, so the filter works on encoded EVENT packets
// (socket.io protocol v5: `2[<nsp>,][<ack id>]["<event>", …args]`). No socket.io import here: plain data in, out.
import { hasRole, ruleOf, type DashboardIndex, type PageRule, type WebRole } from './roles';

/** Which dashboard a socket belongs to. */
export type DashboardKind = 'classic' | 'dashboard2';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const canView = (role: WebRole, rule: PageRule) => hasRole(role, rule.view);

/** Events that carry no dashboard data (loading handshakes): always allowed. */
const HARMLESS = new Set(['ui-replay-done']);

/** The classic dashboard's ui-controls (menu of tabs with groups and widgets, and site-wide controls) for a role. */
function classicControls(payload: Obj, role: WebRole, index: DashboardIndex): Obj {
  const menu = Array.isArray(payload.menu) ? payload.menu : [];
  const globals = Array.isArray(payload.globals) ? payload.globals : [];
  return {
    ...payload,
    menu: menu.filter((tab) => isObj(tab) && canView(role, ruleOf(index, tab.id))),
    globals: globals.filter((g) => isObj(g) && canView(role, ruleOf(index, g.id))),
  };
}

/** Dashboard 2.0's ui-config (pages, groups, widgets by id) for a role. */
function d2Config(config: Obj, role: WebRole, index: DashboardIndex): Obj {
  const keep = (section: unknown) => (isObj(section)
    ? Object.fromEntries(Object.entries(section).filter(([id]) => canView(role, ruleOf(index, id)))) : section);
  return { ...config, pages: keep(config.pages), groups: keep(config.groups), widgets: keep(config.widgets) };
}

/** The widget id an event is about: `msg-input:<id>` style names, or the `id` of its first argument. */
function subjectOf(event: string, args: unknown[]): string | undefined {
  const colon = event.indexOf(':');
  if (colon > 0) return event.slice(colon + 1);
  return isObj(args[0]) && typeof args[0].id === 'string' ? args[0].id : undefined;
}

/**
 * What to send to a socket of `role` for an outgoing event: the arguments (possibly with pages removed), or null
 * to drop it. Events about a widget follow its page; events about nothing in particular need the default view.
 */
export function filterOutgoing(kind: DashboardKind, event: string, args: unknown[], role: WebRole, index: DashboardIndex): unknown[] | null {
  if (role === 'admin' || HARMLESS.has(event)) return args;
  if (kind === 'classic' && event === 'ui-controls' && isObj(args[0])) return [classicControls(args[0], role, index), ...args.slice(1)];
  if (kind === 'dashboard2' && event === 'ui-config' && isObj(args[1])) return [args[0], d2Config(args[1], role, index), ...args.slice(2)];
  const subject = subjectOf(event, args);
  return canView(role, ruleOf(index, subject)) ? args : null;
}

/**
 * May a socket of `role` send this event? Acting on a widget (classic update-value; Dashboard 2.0 widget-action,
 * -change, -send) needs its page's act role; loading a widget's state needs its view role; the dashboards' own
 * housekeeping events are allowed; anything else needs the default act role.
 */
export function allowIncoming(kind: DashboardKind, event: string, args: unknown[], role: WebRole, index: DashboardIndex): boolean {
  if (role === 'admin') return true;
  const housekeeping = kind === 'classic'
    ? ['ui-replay-state', 'ui-change', 'ui-collapse', 'ui-refresh', 'ui-audio', 'ui-params']
    : ['disconnect'];
  if (housekeeping.includes(event)) return true;
  if (kind === 'classic' && event === 'update-value') return hasRole(role, ruleOf(index, isObj(args[0]) ? args[0].id : undefined).act);
  if (kind === 'dashboard2' && event === 'widget-load') return canView(role, ruleOf(index, args[0]));
  if (kind === 'dashboard2' && ['widget-action', 'widget-change', 'widget-send'].includes(event)) return hasRole(role, ruleOf(index, args[0]).act);
  return hasRole(role, index.map.default.act);
}

/** May `role` use this dashboard at all (see at least one of its pages)? */
export function mayConnect(kind: DashboardKind, role: WebRole, index: DashboardIndex): boolean {
  const rules = kind === 'classic' ? index.classicTabs.map((t) => t.rule) : index.d2Pages.map((p) => p.rule);
  return rules.some((r) => canView(role, r));
}

const EVENT = /^2(\/[^,[]*,)?(\d*)(\[[\s\S]*)$/;

/**
 * Filters what socket.io is about to write to one connection (the `encodedPackets` of Client.writeToEngine: one
 * string per packet, or a binary packet as [header, ...buffers]) for a socket of `role`: the packets unchanged,
 * re-encoded ones, or null to drop them. Non-EVENT packets (CONNECT, ACK, …) pass; binary events only for admins.
 */
export function filterEncoded(kind: DashboardKind, encoded: unknown, role: WebRole, index: DashboardIndex): unknown {
  if (role === 'admin') return encoded;
  const list = Array.isArray(encoded) ? encoded : [encoded];
  if (list.length !== 1 || typeof list[0] !== 'string') return null;          // binary event
  const packet = list[0];
  if (packet.startsWith('5')) return null;
  const m = EVENT.exec(packet);
  if (!m) return encoded;
  let data: unknown;
  try { data = JSON.parse(m[3]); } catch { return null; }
  if (!Array.isArray(data) || typeof data[0] !== 'string') return null;
  const args = data.slice(1);
  const out = filterOutgoing(kind, data[0], args, role, index);
  if (out === null) return null;
  if (out === args) return encoded;
  const again = `2${m[1] ?? ''}${m[2]}${JSON.stringify([data[0], ...out])}`;
  return Array.isArray(encoded) ? [again] : again;
}
