// agri-metrics: adds VPD, humidity deficit (飽差), dew point, absolute humidity and the season's degree days to
// each reading; sends one daily summary per device (degree days, DLI, time in range) at local midnight.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { AgriMetrics, isValidTimeZone, type AgriMetricsOptions, type DailyState, type DailySummary } from '../../lib/agro';
import { METRIC_UNITS, measurementTime } from '../../lib/metrics';
import { CivicError, safeString } from '../../lib/errors';
import { fail, readConfig, shortStatus, translateError, type Done, type Send } from '../../node-kit';

type AgriConfig = Omit<AgriMetricsOptions, 'meanMetrics'> & { name: string; version: number; meanMetrics: string; closeDays: 'clock' | 'readings' };
type ReadingMsg = NodeMessageInFlow & {
  timestamp?: unknown; units?: Record<string, string>; device?: { id?: string; house?: string }; meta?: { warnings?: string[] };
};

const FLUSH_MS = 60000;

export = function register(RED: NodeAPI) {
  function AgriMetricsNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<AgriConfig>(RED, this, 'civic-agri-metrics', def);
    if (!config) return;
    if (!isValidTimeZone(config.timeZone)) {
      this.status({ fill: 'red', shape: 'ring', text: RED._('shared.status.badConfig') });
      this.error(translateError(RED, new CivicError('civic-agri-metrics.errors.timeZone', { got: config.timeZone })).message);
      return;
    }
    const ctx = this.context();
    const meanMetrics = config.meanMetrics.split(',').map((m) => m.trim()).filter(Boolean);
    const core = new AgriMetrics({ ...config, meanMetrics }, ctx.get('daily') as DailyState | undefined);
    const save = () => ctx.set('daily', core.state);
    save();

    const toMsg = (s: DailySummary) => ({
      topic: `daily/${s.deviceId}`, payload: s.payload, date: s.date, timestamp: s.start, timeZone: s.timeZone,
      device: { id: s.deviceId },
    });
    // With "readings", days close only when a later reading arrives: a replay of past data is not cut by today's clock.
    const timer = config.closeDays === 'readings' ? undefined : setInterval(() => {
      const summaries = core.flush(Date.now());
      if (summaries.length) { save(); this.send([null, summaries.map(toMsg)]); }
    }, FLUSH_MS);

    this.on('input', (msg: ReadingMsg, send: Send, done: Done) => {
      try {
        if (msg.topic === 'reset') {
          core.daily.reset(typeof msg.payload === 'string' && msg.payload ? msg.payload : undefined);
          save();
          this.status({ fill: 'grey', shape: 'ring', text: RED._('civic-agri-metrics.status.reset') });
          return done();
        }
        const payload = msg.payload;
        if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
          throw new CivicError('civic-agri-metrics.errors.payload', { got: Array.isArray(payload) ? 'array' : typeof payload });
        }
        const deviceId = safeString(msg.device?.id ?? msg.topic ?? 'default');
        const t = measurementTime(msg.timestamp) ?? Date.now();
        const result = core.process(deviceId, t, payload as Record<string, unknown>);
        Object.assign(payload, result.derived);
        if (msg.units && typeof msg.units === 'object') {
          for (const k of Object.keys(result.derived)) msg.units[k] = (METRIC_UNITS as Record<string, string>)[k];
        }
        if (result.warnings.length) {
          msg.meta = msg.meta && typeof msg.meta === 'object' ? msg.meta : {};
          msg.meta.warnings = [...(msg.meta.warnings ?? []), ...result.warnings];
        }
        save();
        send([msg, result.summaries.length ? result.summaries.map(toMsg) : null] as Parameters<Send>[0]);
        const d = result.derived;
        this.status(d.humidityDeficit !== undefined
          ? { fill: 'green', shape: 'dot', text: shortStatus(RED._('civic-agri-metrics.status.deficit', { value: d.humidityDeficit, vpd: d.vpd })) }
          : { fill: 'green', shape: 'ring', text: RED._('civic-agri-metrics.status.noHumidity') });
        done();
      } catch (err) {
        fail(RED, this, done, err);
      }
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      if (timer) clearInterval(timer);
      save();
      closeDone();
    });
  }
  RED.nodes.registerType('civic-agri-metrics', AgriMetricsNode);
};
