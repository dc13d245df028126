// civic-alert: evaluates an editable rule table over reading messages; output 1 alert events, output 2 the
// active-alert table; acknowledge / snooze / mute by message, e-mail through SMTP. Lifecycle, conditions, presets,
// mute windows and mail texts live in lib/alerts; state in node context.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  AlertEngine, Outbox, isCommand, isPreset, mailSettingsOf, mailsFor, parseMutes, parseRules, presetRules, runCommand,
  type EngineResult, type EngineState, type MailSettings, type MailState, type RawRule,
} from '../../lib/alerts';
import { isValidTimeZone } from '../../lib/time';
import { CivicError, safeString } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';
import { measurementTime } from '../../lib/metrics';
import { alertStatus } from './status';
import { getter, type Getter } from './read';

interface AlertConfig {
  name: string; version: number; property: string; deviceProperty: string; siteProperty: string; rules: RawRule[];
  preset: string; mutes: RawRule[]; lang: 'auto' | 'ja' | 'en-US'; latitude: number; longitude: number; timeZone: string;
  groupBySite: boolean; notifyPending: boolean; tickSeconds: number; staleMinutes: number;
  mailHost: string; mailPort: number; mailSecurity: 'starttls' | 'tls' | 'none'; mailFrom: string; mailTo: string;
  mailEscalateTo: string; mailStates: MailState[];
}
type Msg = NodeMessageInFlow & { timestamp?: unknown; site?: unknown; house?: unknown };
const UNKNOWN: Record<string, string> = { ack: 'unknownAck', snooze: 'unknownSnooze', unmute: 'unknownMute' };
/** Least time between two tables of open alerts during a burst of changes, ms. */
const TABLE_MS = 100;

/** "auto" follows the runtime's language (settings.js `lang`, else the process locale). */
function language(RED: NodeAPI, lang: AlertConfig['lang']): 'ja' | 'en' {
  if (lang !== 'auto') return lang === 'ja' ? 'ja' : 'en';
  const setting = (RED.settings as unknown as { lang?: string }).lang
    ?? process.env.LC_ALL ?? process.env.LANG ?? Intl.DateTimeFormat().resolvedOptions().locale;
  return String(setting ?? '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export = function register(RED: NodeAPI) {
  const needs = (RED as unknown as { auth?: { needsPermission?: (p: string) => unknown } }).auth?.needsPermission;
  const guard = (needs ? needs('civic-alert.read') : (_q: unknown, _s: unknown, next: () => void) => next()) as never;
  RED.httpAdmin?.get('/civic-alert/presets/:name', guard, (req, res) => {
    if (!isPreset(req.params.name)) res.status(404).json({ error: 'unknown preset' });
    else res.json(presetRules(req.params.name));
  });

  function AlertNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<AlertConfig>(RED, this, 'civic-alert', def);
    if (!config) return;
    const ctx = this.context();
    const creds = (this as unknown as { credentials?: { mailUser?: string; mailPassword?: string } }).credentials ?? {};
    const lang = language(RED, config.lang);
    let engine: AlertEngine;
    let read: { value: Getter; device: Getter; site: Getter };
    let mail: MailSettings | undefined;
    try {
      if (!isValidTimeZone(config.timeZone)) throw new CivicError('civic-alert.errors.timeZone', { got: config.timeZone });
      read = { value: getter(RED, config.property, 'property'), device: getter(RED, config.deviceProperty, 'deviceProperty'),
        site: getter(RED, config.siteProperty, 'siteProperty') };
      mail = mailSettingsOf(config, lang);
      engine = new AlertEngine(parseRules(config.rules), {
        latitude: config.latitude, longitude: config.longitude, timeZone: config.timeZone, lang,
        groupBySite: config.groupBySite, notifyPending: config.notifyPending, staleMinutes: config.staleMinutes,
        mutes: parseMutes(config.mutes, config.timeZone),
      }, ctx.get('alerts') as EngineState | undefined);
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const save = () => ctx.set('alerts', engine.state);
    save();
    let mailFailed = false;
    const outbox = mail ? new Outbox({ host: config.mailHost.trim(), port: config.mailPort, security: config.mailSecurity,
      from: config.mailFrom.trim(), user: creds.mailUser || undefined, password: creds.mailPassword }, {
      onError: (code, attempt, final) => {
        mailFailed = true;
        if (final) this.error(RED._('civic-alert.errors.mailFailed', { code, attempts: attempt }));
        else this.warn(RED._('civic-alert.errors.mailRetry', { code, attempt }));
        showStatus();
      },
      onSent: () => { if (mailFailed) { mailFailed = false; showStatus(); } },
    }) : undefined;

    let lastStatus = '';
    const showStatus = () => {
      const status = alertStatus(RED, engine, mailFailed);
      const key = JSON.stringify(status);
      if (key !== lastStatus) { lastStatus = key; this.status(status); }
    };
    // The table goes out right after a change, and during a burst at most every TABLE_MS: building a table of a
    // thousand open alerts costs more than the readings that changed it (10,000 readings give a few tables, not
    // 10,000 copies of one).
    let tableTimer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;
    let lastTable = 0;
    const sendTable = () => {
      tableTimer = undefined;
      lastTable = Date.now();
      this.send([null, { topic: 'alerts', payload: engine.activeTable() }]);
      showStatus();
    };
    const scheduleTable = () => {
      const wait = lastTable + TABLE_MS - Date.now();
      tableTimer = wait > 0 ? setTimeout(sendTable, wait) : setImmediate(sendTable);
    };
    const out = (res: EngineResult): Parameters<Send>[0] | undefined => {
      if (!res.changed && res.events.length === 0) return undefined;
      save();
      if (res.changed && !tableTimer) scheduleTable();
      if (res.events.length === 0) return undefined;
      if (outbox && mail) for (const m of mailsFor(res.events, mail)) outbox.send(m);
      return [res.events.map((e) => ({ topic: e.topic, payload: e.payload })), null] as Parameters<Send>[0];
    };
    let warnings = engine.warnings;

    const timer = setInterval(() => {
      const msgs = out(engine.tick(Date.now()));
      if (msgs) this.send(msgs);
      showStatus(); // mute windows begin and end with the clock
    }, config.tickSeconds * 1000);

    this.on('input', (msg: Msg, send: Send, done: Done) => {
      try {
        const at = measurementTime(msg.timestamp);
        let res: EngineResult;
        if (isCommand(msg.topic)) {
          const site = typeof msg.site === 'string' ? msg.site : typeof msg.house === 'string' ? msg.house : undefined;
          const c = runCommand(engine, { topic: msg.topic, payload: msg.payload, site, t: at ?? Date.now() });
          if (c.unknownTarget) this.warn(RED._(`civic-alert.errors.${UNKNOWN[msg.topic]}`));
          res = c.result;
        } else {
          const payload = read.value(msg);
          if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
            throw new CivicError('civic-alert.errors.payload', { property: config.property, got: Array.isArray(payload) ? 'array' : typeof payload });
          }
          const device = read.device(msg) ?? msg.topic;
          const site = read.site(msg);
          res = engine.ingestValues(device === undefined || device === null || device === '' ? 'default' : safeString(device),
            typeof site === 'string' || typeof site === 'number' ? String(site) : undefined, at, payload as Record<string, unknown>);
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
      if (tableTimer) { clearTimeout(tableTimer as ReturnType<typeof setTimeout>); clearImmediate(tableTimer as ReturnType<typeof setImmediate>); }
      outbox?.close();
      save();
      closeDone();
    });
    showStatus();
  }
  RED.nodes.registerType('civic-alert', AlertNode, { credentials: { mailUser: { type: 'text' }, mailPassword: { type: 'password' } } });
};
