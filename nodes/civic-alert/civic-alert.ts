// greenhouse-alert: evaluates an editable rule table over reading messages; output 1 alert events, output 2 the
// active-alert table. Lifecycle, hysteresis, repeats and presets live in lib/alerts; state in node context.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  AlertEngine, ackTargetOf, parseRules, presetRules, PRESET_NAMES, type EngineResult, type EngineState, type PresetName, type RawRule,
} from '../../lib/alerts';
import { isValidTimeZone } from '../../lib/time';
import { CivicError, safeString } from '../../lib/errors';
import { fail, readConfig, refuseConfig, statusText, type Done, type Send } from '../../node-kit';
import { measurementTime } from '../../lib/metrics';

interface GreenhouseAlertConfig {
  name: string; version: number; rules: RawRule[]; preset: '' | PresetName; lang: 'auto' | 'ja' | 'en-US';
  latitude: number; longitude: number; timeZone: string; groupByHouse: boolean; notifyPending: boolean;
  tickSeconds: number; staleMinutes: number;
}
type AlertInput = NodeMessageInFlow & { timestamp?: unknown; house?: unknown; device?: { id?: string; house?: string } };

/** "auto" follows the runtime's language (settings.js `lang`, else the process locale). */
function language(RED: NodeAPI, lang: GreenhouseAlertConfig['lang']): 'ja' | 'en' {
  if (lang !== 'auto') return lang === 'ja' ? 'ja' : 'en';
  const setting = (RED.settings as unknown as { lang?: string }).lang
    ?? process.env.LC_ALL ?? process.env.LANG ?? Intl.DateTimeFormat().resolvedOptions().locale;
  return String(setting ?? '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** JSON text of an ack object for the log; BigInts or cycles (which JSON.stringify throws on) fall back to plain text. */
function jsonText(v: unknown): string {
  try { return JSON.stringify(v) ?? safeString(v); } catch { return safeString(v); }
}

export = function register(RED: NodeAPI) {
  const needs = (RED as unknown as { auth?: { needsPermission?: (p: string) => unknown } }).auth?.needsPermission;
  const guard = (needs ? needs('civic-alert.read') : (_q: unknown, _s: unknown, next: () => void) => next()) as never;
  RED.httpAdmin?.get('/civic-alert/presets/:name', guard, (req, res) => {
    const name = req.params.name as PresetName;
    if (!PRESET_NAMES.includes(name)) res.status(404).json({ error: 'unknown preset' });
    else res.json(presetRules(name));
  });

  function GreenhouseAlertNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<GreenhouseAlertConfig>(RED, this, 'civic-alert', def);
    if (!config) return;
    let engine: AlertEngine;
    try {
      if (!isValidTimeZone(config.timeZone)) throw new CivicError('civic-alert.errors.timeZone', { got: config.timeZone });
      const rows = config.rules.length === 0 && config.preset ? presetRules(config.preset) : config.rules;
      const rules = parseRules(rows);
      if (rules.length === 0) throw new CivicError('civic-alert.errors.noRules', {});
      const ctx = this.context();
      engine = new AlertEngine(rules, {
        latitude: config.latitude, longitude: config.longitude, timeZone: config.timeZone,
        lang: language(RED, config.lang), groupByHouse: config.groupByHouse, notifyPending: config.notifyPending,
        staleMinutes: config.staleMinutes,
      }, ctx.get('alerts') as EngineState | undefined);
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const ctx = this.context();
    const save = () => ctx.set('alerts', engine.state);
    save();

    let lastStatus = '';
    const showStatus = () => {
      const table = engine.activeTable();
      const firing = table.filter((r) => r.state === 'firing' || r.state === 'nodata').length;
      const text = statusText(RED, ['civic-alert.status.summary', 'civic-alert.status.summaryShort'], { firing, active: table.length, warnings: engine.warnings });
      const status = { fill: firing ? 'red' : engine.warnings ? 'yellow' : 'green', shape: table.length ? 'dot' : 'ring', text } as const;
      const key = JSON.stringify(status);
      if (key === lastStatus) return;
      lastStatus = key;
      this.status(status);
    };
    // The table goes out once per event-loop turn however many readings changed it (a burst of 10,000 readings
    // gives one table, not 10,000 copies of it).
    let tableTimer: NodeJS.Immediate | undefined;
    const sendTable = () => {
      tableTimer = undefined;
      this.send([null, { topic: 'alerts', payload: engine.activeTable() }]);
      showStatus();
    };
    const out = (res: EngineResult): Parameters<Send>[0] | undefined => {
      if (!res.changed && res.events.length === 0) return undefined;
      save();
      if (res.changed && !tableTimer) tableTimer = setImmediate(sendTable);
      return res.events.length ? [res.events.map((e) => ({ topic: e.topic, payload: e.payload })), null] as Parameters<Send>[0] : undefined;
    };
    let warnings = engine.warnings;

    const timer = setInterval(() => {
      const msgs = out(engine.tick(Date.now()));
      if (msgs) this.send(msgs);
    }, config.tickSeconds * 1000);

    this.on('input', (msg: AlertInput, send: Send, done: Done) => {
      try {
        const at = measurementTime(msg.timestamp);
        let res: EngineResult;
        if (msg.topic === 'ack') {
          const p = msg.payload as unknown;
          const house = typeof msg.house === 'string' ? msg.house : undefined;
          const target = ackTargetOf(p, house);
          if (target === undefined) throw new CivicError('civic-alert.errors.ack', { got: typeof p });
          res = engine.ack(target, at);
          if (res.events.length === 0 && p !== 'all') this.warn(RED._('civic-alert.errors.unknownAck', { id: (typeof p === 'string' ? p : jsonText(p)).slice(0, 80) }));
        } else if (msg.topic === 'tick') {
          res = engine.tick(at);
        } else {
          const payload = msg.payload;
          if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
            throw new CivicError('civic-alert.errors.payload', { got: Array.isArray(payload) ? 'array' : typeof payload });
          }
          res = engine.ingest({ deviceId: safeString(msg.device?.id ?? msg.topic ?? 'default'), house: msg.device?.house,
            timestamp: at, payload: payload as Record<string, unknown> });
        }
        const msgs = out(res);
        if (msgs) send(msgs);
        if (warnings !== engine.warnings) { warnings = engine.warnings; showStatus(); }
        done();
      } catch (err) {
        fail(RED, this, done, err);
      }
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      clearInterval(timer);
      if (tableTimer) clearImmediate(tableTimer);
      save();
      closeDone();
    });
    showStatus();
  }
  RED.nodes.registerType('civic-alert', GreenhouseAlertNode);
};
