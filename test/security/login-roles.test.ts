// Logins and roles on one Node-RED (issue 15 part 2, issue 19 roles): npm start with an admin login, a viewer
// (farmer) and an operator (city staff) from civic-users.json, and a civic-roles.json that makes the KPI board
// public. Per role, on HTTP and on both dashboards' live-data sockets: what each may see and do. Then the login
// guard: lockout per user and address with 429 + Retry-After, the editor's login form too, failed logins logged
// without the password, and a burst of wrong guesses from many addresses does not stall the dashboard (before the
// fix every guess was a synchronous bcrypt on the event loop).
import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { io, type Socket } from 'socket.io-client';
import { accounts, basic, request, requireBuilt, startCivic, type Civic } from './civic-start';
import { client, ttsUplink, until } from './uplinks';

const ADMIN = ['admin', 'admin pass 1'] as const;
const FARMER = ['farmer', 'tomato pass 1'] as const;
const STAFF = ['staff', 'kanri pass 1'] as const;

type Role = 'public' | 'viewer' | 'operator' | 'admin';
const LOGIN: Record<Role, readonly [string, string] | undefined> = { public: undefined, viewer: FARMER, operator: STAFF, admin: ADMIN };

describe('security: logins and roles per page (HTTP and both dashboards\' sockets)', function () {
  this.timeout(120_000);
  let civic: Civic | undefined;
  const sockets: Socket[] = [];

  before(async function () {
    requireBuilt(this);
    civic = await startCivic({ CIVIC_USER: ADMIN[0], CIVIC_PASSWORD: ADMIN[1] }, async (dir) => {
      await accounts(dir, ['user', 'add', FARMER[0], '--role', 'viewer'], FARMER[1]);
      await accounts(dir, ['user', 'add', STAFF[0], '--role', 'operator'], STAFF[1]);
      await accounts(dir, ['mqtt', 'add', 'house-1-th-01', '--role', 'device'], 'device pass 1');
      await accounts(dir, ['mqtt', 'add', 'staff-1', '--role', 'staff'], 'staff pass 1');
      fs.writeFileSync(path.join(dir, 'civic-roles.json'), JSON.stringify({ version: 1, pages: { '/kpi': { view: 'public' }, 'KPIボード': { view: 'public' } } }));
    });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await civic?.stop();
  });

  const get = (p: string, role: Role, from = '127.0.0.1') => request(civic!.port, 'GET', p, LOGIN[role] ? { Authorization: basic(...LOGIN[role]!) } : {}, undefined, from);
  const token = (user: readonly [string, string], from = '127.0.0.1') => request(civic!.port, 'POST', '/auth/token', { 'Content-Type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ client_id: 'node-red-editor', grant_type: 'password', scope: '*', username: user[0], password: user[1] }).toString(), from);

  it('HTTP: each page answers by role (public KPI board, farmers\' pages, the staff wellness page)', async () => {
    // Dashboard 2.0 serves its pages once its ui-base has started, a moment after the flows: 404 until then (seen
    // under a loaded full run)
    let served = 0;
    for (const end = Date.now() + 60_000; served !== 200 && Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      served = (await get('/dashboard/kpi', 'admin')).status;
    }
    const table: Array<[string, Record<Role, number>]> = [
      ['/dashboard/kpi', { public: 200, viewer: 200, operator: 200, admin: 200 }],
      ['/dashboard/house-1', { public: 401, viewer: 200, operator: 200, admin: 200 }],
      ['/dashboard/wellness', { public: 401, viewer: 403, operator: 200, admin: 200 }],
      ['/ui/', { public: 200, viewer: 200, operator: 200, admin: 200 }],
    ];
    for (const [p, want] of table) {
      for (const role of Object.keys(want) as Role[]) assert.strictEqual((await get(p, role)).status, want[role], `${role} ${p}`);
    }
    const login = await get('/login?next=/ui/', 'viewer');
    assert.deepStrictEqual([login.status, login.headers.location], [302, '/ui/']);
    assert.strictEqual((await get('/login?next=//evil.example/', 'viewer')).headers.location, '/', 'no open redirect');
    assert.strictEqual((await get('/login', 'public')).status, 401);
  });

  it('the editor is for admins only', async () => {
    assert.strictEqual((await token(ADMIN)).status, 200);
    for (const user of [FARMER, STAFF]) assert.notStrictEqual((await token(user)).status, 200, `${user[0]} got an editor token`);
  });

  /** A dashboard socket of `role` (polling, as the browsers' first transport) that records every event it gets. */
  function socketOf(kind: 'ui' | 'dashboard', role: Role): Promise<{ s?: Socket; error?: string; events: Array<[string, unknown[]]> }> {
    const events: Array<[string, unknown[]]> = [];
    const s = io(`http://127.0.0.1:${civic!.port}`, { path: `/${kind}/socket.io`, transports: ['polling'], reconnection: false,
      extraHeaders: LOGIN[role] ? { Authorization: basic(...LOGIN[role]!) } : {} });
    sockets.push(s);
    s.onAny((event: string, ...args: unknown[]) => events.push([event, args]));
    return new Promise((resolve) => {
      s.once('connect', () => resolve({ s, events }));
      s.once('connect_error', (err) => resolve({ error: err.message, events }));
    });
  }

  it('Dashboard 2.0 socket: each role gets the pages it may see, and the live data of those pages only', async () => {
    const d2 = Object.fromEntries(await Promise.all((['public', 'viewer', 'operator', 'admin'] as Role[]).map(async (r) => [r, await socketOf('dashboard', r)])));
    const pages = (r: Role) => {
      const cfg = d2[r].events.find(([e]: [string]) => e === 'ui-config');
      return Object.values((cfg?.[1][1] as { pages: Record<string, { path: string }> }).pages).map((p) => p.path).sort();
    };
    await until(() => (['public', 'viewer', 'operator', 'admin'] as Role[]).every((r) => d2[r].events.some(([e]: [string]) => e === 'ui-config')), 20_000, () => 'ui-config');
    // the district pages of 健康データ分析 are public by default; its staff page is for operators
    const districts = Array.from({ length: 8 }, (_, i) => `/kenko-d${i}`);
    assert.deepStrictEqual(pages('public'), [...districts, '/kpi'].sort());
    assert.deepStrictEqual(pages('viewer'), [...districts, '/farm', '/house-1', '/house-2', '/kpi', '/soil'].sort());
    assert.deepStrictEqual(pages('operator'), [...districts, '/farm', '/house-1', '/house-2', '/kpi', '/soil', '/wellness', '/wellness-analysis'].sort());
    assert.deepStrictEqual(pages('admin'), pages('operator'));
    // the greenhouse simulator updates house-1's widgets every few seconds: the viewer gets them, the public socket not
    const house = (r: Role) => d2[r].events.filter(([e]: [string]) => /^msg-input:gh-d2-house-1-/.test(e)).length;
    await until(() => house('viewer') >= 3, 30_000, () => `viewer got ${house('viewer')} house-1 updates`);
    assert.strictEqual(house('public'), 0, 'house-1 data reached a public socket');
  });

  it('classic socket: the menu and the widget updates follow the role', async () => {
    const pub = await socketOf('ui', 'public');
    const viewer = await socketOf('ui', 'viewer');
    const menu = (x: typeof pub) => ((x.events.find(([e]) => e === 'ui-controls')?.[1][0] as { menu: Array<{ header: string }> }).menu).map((t) => t.header);
    await until(() => [pub, viewer].every((x) => x.events.some(([e]) => e === 'ui-controls')), 20_000, () => 'ui-controls');
    const districts = menu(pub).filter((h) => h.startsWith('健康のようす'));
    assert.strictEqual(districts.length, 8);
    assert.deepStrictEqual(menu(pub).sort(), ['KPIボード', ...districts].sort());
    assert.deepStrictEqual(menu(viewer).sort(), ['KPIボード', 'ハウス1', 'ハウス2', '作業記録', '土壌・かん水', ...districts].sort());
    const houseUpdates = (x: typeof pub) => x.events.filter(([e, a]) => e === 'update-value' && /^gh-house-1-/.test(String((a[0] as { id?: string })?.id))).length;
    await until(() => houseUpdates(viewer) >= 3, 30_000, () => `viewer got ${houseUpdates(viewer)} house-1 updates`);
    assert.strictEqual(houseUpdates(pub), 0);
  });

  it('acknowledging alerts needs an operator: a viewer\'s tap is dropped, an operator\'s reaches the alert node', async () => {
    const staff = await client(civic!.mqttPort, { username: 'staff-1', password: 'staff pass 1' });
    await staff.c!.subscribeAsync('civic/hakui/alert/#', { qos: 1 });
    const device = await client(civic!.mqttPort, { username: 'house-1-th-01', password: 'device pass 1' });
    // frost (below 10 °C for 5 minutes) on house-1, with measurement times ahead of the simulator's
    const t0 = Date.now() + 3_600_000;
    for (const at of [t0, t0 + 6 * 60_000]) {
      const up = ttsUplink('house-1-th-01', 5.0, at);
      await device.c!.publishAsync(up.topic, up.payload, { qos: 1 });
    }
    const states = () => staff.got.filter((m) => m.topic.endsWith('/house-1-th-01/frost')).map((m) => JSON.parse(m.payload).state as string);
    await until(() => states().includes('firing'), 30_000, () => `no frost alert: ${states().join(', ')}`);
    const viewer = await socketOf('dashboard', 'viewer');
    viewer.s!.emit('widget-action', 'gh-d2-house-1-ack-all', { payload: { house: 'house-1' } });
    await new Promise((r) => setTimeout(r, 3000));               // generous: the operator's tap below arrives in ms
    assert.ok(!states().includes('acknowledged'), 'a viewer acknowledged an alert');
    const operator = await socketOf('dashboard', 'operator');
    operator.s!.emit('widget-action', 'gh-d2-house-1-ack-all', { payload: { house: 'house-1' } });
    await until(() => states().includes('acknowledged'), 20_000, () => `the operator's acknowledgement did not arrive: ${states().join(', ')}`);
    await Promise.all([staff.c!.endAsync(), device.c!.endAsync()]);
  });

  it('locks a user out at an address after 5 wrong passwords (429, Retry-After); other addresses still log in', async () => {
    for (let i = 0; i < 5; i++) {
      assert.strictEqual((await request(civic!.port, 'GET', '/dashboard/house-1', { Authorization: basic(FARMER[0], `guess ${i}`) }, undefined, '127.0.0.50')).status, 401);
    }
    const locked = await request(civic!.port, 'GET', '/dashboard/house-1', { Authorization: basic(...FARMER) }, undefined, '127.0.0.50');
    assert.strictEqual(locked.status, 429);
    assert.ok(Number(locked.headers['retry-after']) > 60, `Retry-After: ${locked.headers['retry-after']}`);
    assert.strictEqual((await get('/dashboard/house-1', 'viewer', '127.0.0.51')).status, 200);
    // the editor's login form: the same guard
    for (let i = 0; i < 5; i++) assert.strictEqual((await token([ADMIN[0], `guess ${i}`], '127.0.0.60')).status, 401);
    assert.strictEqual((await token(ADMIN, '127.0.0.60')).status, 429);
    assert.strictEqual((await token(ADMIN, '127.0.0.61')).status, 200);
  });

  it('logs failed logins and lockouts without the password', () => {
    const log = civic!.output();
    assert.match(log, /login failed: farmer from 127\.0\.0\.50/);
    assert.match(log, /login locked: farmer from 127\.0\.0\.50/);
    for (const secret of ['guess 0', 'guess 4', FARMER[1], ADMIN[1]]) assert.ok(!log.includes(secret), `"${secret}" is in the log`);
  });

  it('a burst of wrong guesses from many addresses does not stall the dashboard', async () => {
    assert.strictEqual((await get('/dashboard/house-1', 'admin', '127.0.0.80')).status, 200);   // someone already logged in
    // the attack: wrong passwords for the real user name (this also locks that name for new logins: last test)
    // the guesses are left to finish (or be cut off by the stop in after()): only the page's wait matters here
    void Array.from({ length: 80 }, (_, i) => request(civic!.port, 'GET', '/dashboard/house-1',
      { Authorization: basic(ADMIN[0], `guess ${i}`) }, undefined, `127.0.1.${10 + (i % 60)}`).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const page = await get('/dashboard/house-1', 'admin', '127.0.0.80');
    const waited = Date.now() - started;
    assert.strictEqual(page.status, 200);
    // functional bound only (the latency figure is in `npm run bench`): before the fix this request waited for
    // every guess's synchronous bcrypt, many seconds on two cores
    assert.ok(waited < 3000, `a logged-in user's page waited ${waited} ms behind the wrong guesses`);
  });
});
