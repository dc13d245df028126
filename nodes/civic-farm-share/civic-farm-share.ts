// civic-farm-share: sharing between towns. "publish": on a trigger, the recent complete weeks of every house become
// pseudonymised indicators for an `mqtt out` (a mosquitto bridge carries them to the other towns). "benchmark":
// indicators arriving from every town (`mqtt in` on <prefix>/+/+/weekly) → a card per own house against the region's
// median. The pseudonym key is a credential and never leaves the town.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { StoreHandle } from '../../lib/store/handle';
import { areaOf, farmPseudonym, openStore, parseAreas, readIndicator, RegionBenchmark, shareTopic, townIndicators, type WeeklyIndicator } from '../../lib/farm';
import { assertKey, MIN_KEY_LENGTH } from '../../lib/privacy/pseudonym';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface ShareConfig { mode: 'publish' | 'benchmark'; store: string; town: string; houses: string; base: number; weeks: number; prefix: string; timeZone: string }

export = function register(RED: NodeAPI) {
  function FarmShareNode(this: Node<{ key?: string }>, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<ShareConfig>(RED, this, 'civic-farm-share', def);
    if (!config) return;
    const key = (this.credentials as { key?: string } | undefined)?.key ?? '';
    // An imported flow carries no credentials: wait for the key instead of refusing the whole node at deploy.
    let keyProblem: unknown;
    try { assertKey(key); } catch { keyProblem = new CivicError('civic-farm-share.errors.noKey', { min: MIN_KEY_LENGTH }, 'set a pseudonym key of 16 characters or more'); this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-farm-share.status.noKey') }); }
    const houseList = config.houses.split(/[,\n、]/).map((h) => h.replace(/=.*$/, '').trim()).filter(Boolean);
    const parsed = parseAreas(config.houses);
    const areas = Object.fromEntries(houseList.map((h) => [h, areaOf(parsed, h)]));
    const handle = config.mode === 'publish' ? RED.nodes.getNode(config.store) as unknown as StoreHandle | null : null;
    if (config.mode === 'publish' && (!handle || typeof handle.get !== 'function')) return refuseConfig(RED, this, new CivicError('shared.farm.errors.noStore', {}, 'choose a records store'));
    const ctx = this.context();
    const region = new RegionBenchmark((ctx.get('region') as WeeklyIndicator[] | undefined) ?? []);
    const own = new Map(keyProblem ? [] : houseList.map((h) => [farmPseudonym(key, config.town, h), h]));

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      void (async () => {
        if (keyProblem) throw keyProblem;
        if (config.mode === 'publish') {
          const indicators = await townIndicators(await openStore(handle!), { key, town: config.town, houses: areas, base: config.base, weeks: config.weeks, timeZone: config.timeZone, now: Date.now() });
          send([indicators.map((i) => ({ topic: shareTopic(config.prefix, i), payload: i, retain: true }))]);
          this.status({ fill: 'green', shape: 'dot', text: RED._('civic-farm-share.status.published', { count: indicators.length }) });
          return;
        }
        const payload = typeof msg.payload === 'string' ? (() => { try { return JSON.parse(msg.payload as string) as unknown; } catch { return undefined; } })() : msg.payload;
        const i = readIndicator(payload);
        if (!i) throw new CivicError('civic-farm-share.errors.indicator', {}, 'not a weekly indicator');
        region.add(i);
        ctx.set('region', region.saved());
        const cards = [...own.entries()].map(([farm, house]) => ({ house, card: region.card(farm, i.week) })).filter((c) => c.card);
        send([cards.map((c) => ({ topic: c.house, payload: { house: c.house, ...c.card } }))]);
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-farm-share.status.region', { farms: region.saved().length }) });
      })().then(() => done(), (err: unknown) => fail(RED, this, done, err));
    });
  }
  RED.nodes.registerType('civic-farm-share', FarmShareNode as never, { credentials: { key: { type: 'password' } } });
};
