// Roles on one Node-RED: the resident page needs no login (public), farmers' pages a viewer login, acting on a page
// (acknowledging an alert, any button, table tap or form) an operator, the editor an admin. Each dashboard page has
// a rule { view, act } taken from the role map by page path ("/house-1", Dashboard 2.0) or page / tab name
// ("ハウス1", both dashboards); widgets belong to the page of their group, site-wide widgets (notifications, toasts)
// follow the default rule. The map is DEFAULT_ROLE_MAP merged with `<user dir>/civic-roles.json`
// (lib/schemas/civic-roles.file.schema.json). Enforced by ./web-guard on HTTP and on both dashboards' sockets.
import { validate } from '../schemas';

/** The web roles, lowest first: each role may do what the ones before it may. */
export const WEB_ROLES = ['public', 'viewer', 'operator', 'admin'] as const;
/** One of WEB_ROLES. */
export type WebRole = typeof WEB_ROLES[number];
/** Roles a login can have (public is "no login"). */
export const LOGIN_ROLES = ['viewer', 'operator', 'admin'] as const;

/** True when `have` is at least `need` in WEB_ROLES order. */
export function hasRole(have: WebRole, need: WebRole): boolean {
  return WEB_ROLES.indexOf(have) >= WEB_ROLES.indexOf(need);
}

/** What a page needs: to be seen (view) and to be acted on (act). */
export interface PageRule { view: WebRole; act: WebRole }
/**
 * The role map: page rules by path or name (`user` rules, from civic-roles.json, before the built-in `pages`), the
 * default rule, and other HTTP paths by prefix.
 */
export interface RoleMap { pages: Record<string, Partial<PageRule>>; user?: Record<string, Partial<PageRule>>; default: PageRule; paths: Record<string, WebRole> }

const staff: Partial<PageRule> = { view: 'viewer', act: 'operator' };
/**
 * Rules for the ready-made pages (both dashboards): greenhouse, soil and KPI pages for viewers (farmers, staff),
 * acting on them (acknowledging alerts) for operators, the wellness staff page for operators, and a resident page
 * at /resident (or named 地域の健康) for everyone.
 */
export const DEFAULT_ROLE_MAP: Readonly<RoleMap> = {
  pages: {
    '/house-1': staff, 'ハウス1': staff, '/house-2': staff, 'ハウス2': staff, '/soil': staff, '土壌・かん水': staff,
    '/kpi': staff, 'KPIボード': staff,
    '/wellness': { view: 'operator', act: 'operator' }, '健康データ': { view: 'operator', act: 'operator' },
    '/resident': { view: 'public', act: 'operator' }, '地域の健康': { view: 'public', act: 'operator' },
    // 健康データ分析 (flows/wellness-platform): the staff page, and one public page per district
    '/wellness-analysis': { view: 'operator', act: 'operator' }, '健康データ分析': { view: 'operator', act: 'operator' },
    '/kenko-*': { view: 'public', act: 'operator' }, '健康のようす*': { view: 'public', act: 'operator' },
  },
  default: { view: 'viewer', act: 'operator' },
  paths: {},
};

/** The role map: DEFAULT_ROLE_MAP with a user's civic-roles.json content merged over it (validated; throws CivicError). */
export function roleMap(user?: unknown): RoleMap {
  if (user === undefined || user === null) return { ...DEFAULT_ROLE_MAP, pages: { ...DEFAULT_ROLE_MAP.pages }, paths: {} };
  const result = validate<Partial<RoleMap>>('civic-roles.file', user);
  if (!result.ok) throw result.error;
  const u = result.value;
  return {
    pages: { ...DEFAULT_ROLE_MAP.pages },
    user: { ...(u.pages ?? {}) },
    default: { ...DEFAULT_ROLE_MAP.default, ...(u.default ?? {}) },
    paths: { ...(u.paths ?? {}) },
  };
}

/**
 * The rule of a page found by any of `keys` (path first, then name; the user's rules first), completed with the
 * default rule. A key ending in `*` matches by prefix (one rule for a family of pages, e.g. one per district); an
 * exact key wins over a prefix, and a longer prefix over a shorter one.
 */
export function pageRule(map: RoleMap, keys: Array<string | undefined>): PageRule {
  for (const table of [map.user ?? {}, map.pages]) {
    for (const key of keys) {
      const rule = key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
      if (rule) return { ...map.default, ...rule };
    }
    const prefixes = Object.keys(table).filter((k) => k.endsWith('*')).sort((a, b) => b.length - a.length);
    for (const key of keys) {
      const hit = key === undefined ? undefined : prefixes.find((p) => key.startsWith(p.slice(0, -1)));
      if (hit) return { ...map.default, ...table[hit] };
    }
  }
  return { ...map.default };
}

/** Where each dashboard widget is, and what its page needs. */
export interface DashboardIndex {
  /** Dashboard 2.0 base path ("/dashboard") and its pages */
  d2Base: string; d2Pages: Array<{ id: string; path: string; rule: PageRule }>;
  /** classic dashboard path ("/ui") and its tabs */
  classicBase: string; classicTabs: Array<{ id: string; rule: PageRule }>;
  /** rule of every page / tab / group / widget id that sits on a page */
  rules: Map<string, PageRule>;
  map: RoleMap;
}

type FlowNode = Record<string, unknown> & { id?: unknown; type?: unknown };
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const slash = (p: string) => `/${p.replace(/^\/+|\/+$/g, '')}`;

/** Indexes the dashboard pages, groups and widgets of a flow array (both dashboards) under `map`. */
export function indexDashboards(flows: unknown[], map: RoleMap, classicPath = 'ui'): DashboardIndex {
  const nodes = flows.filter((n): n is FlowNode => !!n && typeof n === 'object' && typeof (n as FlowNode).id === 'string');
  const rules = new Map<string, PageRule>();
  const base = nodes.find((n) => n.type === 'ui-base');
  const index: DashboardIndex = { d2Base: slash(str(base?.path) ?? 'dashboard'), d2Pages: [], classicBase: slash(classicPath), classicTabs: [], rules, map };
  for (const n of nodes) {
    const id = n.id as string;
    if (n.type === 'ui-page') {
      const path = slash(str(n.path) ?? id);
      const rule = pageRule(map, [path, str(n.name)]);
      index.d2Pages.push({ id, path, rule });
      rules.set(id, rule);
    } else if (n.type === 'ui_tab') {
      const rule = pageRule(map, [str(n.name)]);
      index.classicTabs.push({ id, rule });
      rules.set(id, rule);
    }
  }
  for (const n of nodes) {
    const page = n.type === 'ui-group' ? str(n.page) : n.type === 'ui_group' ? str(n.tab) : undefined;
    if (page && rules.has(page)) rules.set(n.id as string, rules.get(page)!);
  }
  for (const n of nodes) {
    if (rules.has(n.id as string)) continue;
    const owner = str(n.group) ?? str(n.page);
    if (owner && rules.has(owner)) rules.set(n.id as string, rules.get(owner)!);
  }
  return index;
}

/** The rule for a widget / page / group id; site-wide and unknown ids follow the default rule. */
export function ruleOf(index: DashboardIndex, id: unknown): PageRule {
  return (typeof id === 'string' ? index.rules.get(id) : undefined) ?? index.map.default;
}

/** The lowest view role among rules (the role that may load a dashboard's shell); the default's when there are none. */
export function lowestView(rules: PageRule[], fallback: PageRule): WebRole {
  if (rules.length === 0) return fallback.view;
  return rules.map((r) => r.view).sort((a, b) => WEB_ROLES.indexOf(a) - WEB_ROLES.indexOf(b))[0];
}

/** The role an HTTP request path under httpNodeRoot needs (dashboard pages, their assets, other paths). */
export function httpRequirement(index: DashboardIndex, rawPath: string): WebRole {
  let p = rawPath.split('?')[0];
  try { p = decodeURIComponent(p); } catch { /* keep it as it came */ }
  p = p.replace(/\/{2,}/g, '/');
  const under = (base: string) => base === '/' || p === base || p.startsWith(`${base}/`);
  if (under(index.d2Base)) {
    const rest = p.slice(index.d2Base.length);
    const first = `/${rest.split('/')[1] ?? ''}`;
    const page = index.d2Pages.find((pg) => pg.path === first);
    if (page) return page.rule.view;
    if (rest === '' || rest === '/') return lowestView(index.d2Pages.map((x) => x.rule), index.map.default);
    // the app's code, styles, icons and setup carry no data
    if (/^\/(assets|_setup|socket\.io)(\/|$)/.test(rest) || /^\/[^/]+\.[A-Za-z0-9]+$/.test(rest)) return 'public';
    return index.map.default.view;
  }
  if (under(index.classicBase)) return lowestView(index.classicTabs.map((x) => x.rule), index.map.default);
  const prefixes = Object.keys(index.map.paths).filter((k) => under(k.replace(/\/+$/, '') || '/')).sort((a, b) => b.length - a.length);
  return prefixes.length ? index.map.paths[prefixes[0]] : index.map.default.view;
}
