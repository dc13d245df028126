// Roles per dashboard page on the ready-made flows: which HTTP paths need which role, and what a dashboard socket
// of each role may receive and send (both dashboards), including a public resident page added by a role map.
import assert from 'assert';
import path from 'path';
import {
  allowIncoming, filterEncoded, filterOutgoing, hasRole, httpRequirement, indexDashboards, mayConnect, roleMap, ruleOf,
} from '../../../lib/security';
import { repoRoot } from '../../security/secrets';

const { assembleFlows } = require(path.join(repoRoot(), 'scripts', 'flows.js')) as { assembleFlows: (dir: string) => Array<Record<string, any>> };
const flows = assembleFlows(path.join(repoRoot(), 'flows'));
// a resident page as the wellness flow will add it: public, one text widget
const resident = [
  { id: 'res-page', type: 'ui-page', name: '地域の健康', path: '/resident', ui: 'civic-d2-base' },
  { id: 'res-group', type: 'ui-group', page: 'res-page', name: 'g' },
  { id: 'res-text', type: 'ui-text', group: 'res-group' },
  { id: 'res-tab', type: 'ui_tab', name: '地域の健康' },
  { id: 'res-ui-group', type: 'ui_group', tab: 'res-tab', name: 'g' },
  { id: 'res-ui-text', type: 'ui_text', group: 'res-ui-group' },
];

// the ready-made flows with their public district pages made staff-only: "a town without public pages"
const noPublicPages = roleMap({ pages: { '/kenko-*': { view: 'viewer' }, '健康のようす*': { view: 'viewer' } } });

describe('security: roles per dashboard page', () => {
  const index = indexDashboards([...flows, ...resident], roleMap());
  const widgetOn = (pageId: string, kind: 'ui-group' | 'ui_group') => {
    const group = flows.find((n) => n.type === kind && (n.page === pageId || n.tab === pageId))!;
    return flows.find((n) => n.group === group.id)!.id as string;
  };
  const house1 = widgetOn('gh-d2-house-1-page', 'ui-group');
  const wellness = widgetOn('wl-d2-page', 'ui-group');
  const classicHouse1 = widgetOn('gh-house-1-ui-tab', 'ui_group');

  it('makes the 健康データ分析 district pages public and its staff page operator-only, on both dashboards', () => {
    const pages = flows.filter((n) => (n.type === 'ui-page' || n.type === 'ui_tab') && /健康のようす|健康データ分析/.test(n.name));
    assert.ok(pages.filter((p) => /健康のようす/.test(p.name)).length >= 16, 'eight districts on each dashboard');
    for (const p of pages) {
      const want = /健康のようす/.test(p.name) ? 'public' : 'operator';
      assert.strictEqual(ruleOf(index, p.id as string).view, want, `${p.type} ${p.name}`);
    }
  });

  it('matches a rule ending in * by prefix; exact keys and longer prefixes win', () => {
    const map = roleMap({ pages: { '/town-*': { view: 'public' }, '/town-staff*': { view: 'admin' }, '/town-a': { view: 'operator' } } });
    const at = (p: string) => indexDashboards([{ id: 'p', type: 'ui-page', name: 'x', path: p }], map).rules.get('p')!.view;
    assert.strictEqual(at('/town-b'), 'public');
    assert.strictEqual(at('/town-staff-2'), 'admin');
    assert.strictEqual(at('/town-a'), 'operator');
    assert.strictEqual(at('/other'), 'viewer');
  });

  it('orders the roles public < viewer < operator < admin', () => {
    assert.ok(hasRole('admin', 'operator') && hasRole('operator', 'viewer') && hasRole('viewer', 'public'));
    assert.ok(!hasRole('viewer', 'operator') && !hasRole('public', 'viewer'));
  });

  it('gives every ready-made widget its page\'s rule', () => {
    assert.deepStrictEqual(ruleOf(index, house1), { view: 'viewer', act: 'operator' });
    assert.deepStrictEqual(ruleOf(index, classicHouse1), { view: 'viewer', act: 'operator' });
    assert.deepStrictEqual(ruleOf(index, wellness), { view: 'operator', act: 'operator' });
    assert.deepStrictEqual(ruleOf(index, 'res-text'), { view: 'public', act: 'operator' });
    assert.deepStrictEqual(ruleOf(index, 'gh-d2-toast'), { view: 'viewer', act: 'operator' }, 'site-wide: the default rule');
  });

  it('knows what each HTTP path needs', () => {
    assert.strictEqual(httpRequirement(index, '/dashboard/house-1'), 'viewer');
    assert.strictEqual(httpRequirement(index, '/dashboard/wellness'), 'operator');
    assert.strictEqual(httpRequirement(index, '/dashboard/resident'), 'public');
    assert.strictEqual(httpRequirement(index, '/dashboard/assets/index-abc.js'), 'public');
    assert.strictEqual(httpRequirement(index, '/dashboard/%68ouse-1'), 'viewer', 'decoded before matching');
    assert.strictEqual(httpRequirement(index, '/dashboard'), 'public', 'the shell, when a public page exists');
    assert.strictEqual(httpRequirement(indexDashboards(flows, noPublicPages), '/dashboard'), 'viewer');
    assert.strictEqual(httpRequirement(index, '/ui/'), 'public');
    assert.strictEqual(httpRequirement(index, '/opendata/x.csv'), 'viewer', 'unknown paths: the default');
    const open = indexDashboards(flows, roleMap({ paths: { '/opendata': 'public' } }));
    assert.strictEqual(httpRequirement(open, '/opendata/x.csv'), 'public');
  });

  it('the role map file overrides pages by path or name and is validated', () => {
    const map = roleMap({ pages: { 'ハウス1': { view: 'operator' } }, default: { act: 'admin' } });
    assert.deepStrictEqual(ruleOf(indexDashboards(flows, map), house1), { view: 'operator', act: 'admin' });
    assert.throws(() => roleMap({ pages: { '/x': { view: 'root' } } }), (e: Error & { key?: string }) => e.key === 'shared.schema.enum');
    assert.throws(() => roleMap({ paths: { relative: 'public' } }));
  });

  it('Dashboard 2.0: a public socket gets only the public page, its widgets and none of the others\' messages', () => {
    const config = {
      pages: { 'gh-d2-house-1-page': {}, 'res-page': {} },
      groups: { 'res-group': {}, [flows.find((n) => n.type === 'ui-group' && n.page === 'gh-d2-house-1-page')!.id]: {} },
      widgets: { [house1]: {}, 'res-text': {}, 'gh-d2-toast': {} },
    };
    const out = filterOutgoing('dashboard2', 'ui-config', ['civic-d2-base', config], 'public', index)!;
    const cfg = out[1] as typeof config;
    assert.deepStrictEqual([Object.keys(cfg.pages), Object.keys(cfg.groups), Object.keys(cfg.widgets)], [['res-page'], ['res-group'], ['res-text']]);
    assert.strictEqual(filterOutgoing('dashboard2', `msg-input:${house1}`, [{ payload: 24 }], 'public', index), null);
    assert.ok(filterOutgoing('dashboard2', `msg-input:${house1}`, [{ payload: 24 }], 'viewer', index));
    assert.strictEqual(filterOutgoing('dashboard2', 'msg-input:gh-d2-toast', [{ payload: 'alert' }], 'public', index), null);
    assert.strictEqual(filterOutgoing('dashboard2', `msg-input:${wellness}`, [{}], 'viewer', index), null);
  });

  it('classic: the menu of tabs is filtered and widget updates follow their tab', () => {
    const controls = { site: {}, menu: [{ id: 'gh-house-1-ui-tab', items: [] }, { id: 'res-tab', items: [] }], globals: [{ id: 'gh-toast' }] };
    const out = filterOutgoing('classic', 'ui-controls', [controls], 'public', index)![0] as typeof controls;
    assert.deepStrictEqual(out.menu.map((t) => t.id), ['res-tab']);
    assert.deepStrictEqual(out.globals, []);
    assert.strictEqual(filterOutgoing('classic', 'update-value', [{ id: classicHouse1, value: 1 }], 'public', index), null);
    assert.ok(filterOutgoing('classic', 'update-value', [{ id: 'res-ui-text', value: 1 }], 'public', index));
  });

  it('acting on a page (acknowledge, buttons, table taps) needs its act role', () => {
    assert.ok(!allowIncoming('dashboard2', 'widget-action', [house1, { payload: 'ack' }], 'viewer', index));
    assert.ok(allowIncoming('dashboard2', 'widget-action', [house1, { payload: 'ack' }], 'operator', index));
    assert.ok(!allowIncoming('dashboard2', 'widget-load', [house1], 'public', index));
    assert.ok(allowIncoming('dashboard2', 'widget-load', [house1], 'viewer', index));
    assert.ok(!allowIncoming('classic', 'update-value', [{ id: classicHouse1, value: 'ack' }], 'viewer', index));
    assert.ok(allowIncoming('classic', 'update-value', [{ id: classicHouse1, value: 'ack' }], 'operator', index));
    assert.ok(allowIncoming('classic', 'ui-replay-state', [], 'public', index));
    assert.ok(!allowIncoming('dashboard2', 'some-widget-event', [], 'viewer', index), 'unknown events need the default act role');
  });

  it('filters encoded socket.io packets and refuses a socket that may see no page', () => {
    const pkt = `2${JSON.stringify(['update-value', { id: classicHouse1, value: 21.5 }])}`;
    assert.strictEqual(filterEncoded('classic', [pkt], 'public', index), null);
    assert.deepStrictEqual(filterEncoded('classic', [pkt], 'viewer', index), [pkt]);
    assert.deepStrictEqual(filterEncoded('classic', ['0{"sid":"x"}'], 'public', index), ['0{"sid":"x"}']);
    assert.strictEqual(filterEncoded('classic', ['51-["x",{"_placeholder":true,"num":0}]', Buffer.alloc(1)], 'viewer', index), null);
    const menu = `2${JSON.stringify(['ui-controls', { menu: [{ id: 'gh-house-1-ui-tab' }, { id: 'res-tab' }], globals: [] }])}`;
    assert.deepStrictEqual(filterEncoded('classic', [menu], 'public', index), [`2${JSON.stringify(['ui-controls', { menu: [{ id: 'res-tab' }], globals: [] }])}`]);
    assert.ok(mayConnect('dashboard2', 'public', index));
    assert.ok(!mayConnect('dashboard2', 'public', indexDashboards(flows, noPublicPages)));
  });
});
