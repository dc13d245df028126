// window-stats: per-topic tumbling or sliding windows over reading messages; emits statistics when a window
// closes (one timer, re-armed for the next close), output 2 the distinct count as a KPI value message.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { WindowStats, distinctKpiMessage, isTimeZone, parsePercentiles, parseRanges, windowMessage, type WindowResult } from '../../lib/kpi';
import { CivicError, safeString } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';
import { measurementTime } from '../../lib/metrics';

interface Config {
  mode: 'tumbling' | 'sliding'; unit: 'minute' | 'hour' | 'day'; size: number; slidingMinutes: number; hopMinutes: number;
  timeZone: string; grace: number; metrics: string; percentiles: string; reservoirSize: number; ranges: string;
  distinctField: string; distinctKpi: string; groupBy: 'topic' | 'all'; timestamp: 'msg' | 'now'; output: 'nested' | 'flat'; maxTopics: number;
}
type InMsg = NodeMessageInFlow & { timestamp?: unknown; device?: { id?: unknown } };
const STATE_KEY = 'windowStats';

export = function register(RED: NodeAPI) {
  function WindowStatsNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-window-stats', def);
    if (!config) return;
    let stats: WindowStats;
    try {
      if (!isTimeZone(config.timeZone)) throw new CivicError('shared.schema.other', { field: 'timeZone', limit: config.timeZone });
      stats = new WindowStats({
        mode: config.mode, unit: config.unit, size: config.size, slidingMinutes: config.slidingMinutes, hopMinutes: config.hopMinutes,
        timeZone: config.timeZone, graceMs: config.grace * 1000, metrics: config.metrics.split(',').map((s) => s.trim()).filter(Boolean),
        percentiles: parsePercentiles(config.percentiles), reservoirSize: config.reservoirSize, ranges: parseRanges(config.ranges),
        maxTopics: config.maxTopics,
      });
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const context = this.context();
    stats.restore(context.get(STATE_KEY));
    const field = config.distinctField.trim();
    const excluded = field.startsWith('payload.') && !field.slice(8).includes('.') ? field.slice(8) : undefined;
    let timer: NodeJS.Timeout | undefined;
    let timerAt = Infinity;

    const toMsg = (r: WindowResult) => windowMessage(r, { output: config.output, distinctField: field }) as unknown as NodeMessageInFlow;
    const toKpi = (r: WindowResult) => distinctKpiMessage(r, config.distinctKpi) as unknown as NodeMessageInFlow;
    const emit = (results: WindowResult[], send: Send) => {
      if (!results.length) return;
      const kpis = config.distinctKpi && field ? results.map(toKpi) : [];
      send([results.map(toMsg), kpis]);
      context.set(STATE_KEY, stats.snapshot());
      this.status({ fill: 'green', shape: 'dot', text: RED._('civic-window-stats.status.emitted', { count: results.length, topics: stats.topicCount }) });
    };
    const arm = (at: number | undefined) => {
      if (at === undefined || !Number.isFinite(at)) return;
      if (timer && at >= timerAt) return;
      if (timer) clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(() => {
        timer = undefined;
        timerAt = Infinity;
        emit(stats.tick(Date.now()), (m) => this.send(m));
        arm(stats.nextCloseAt());
      }, Math.min(Math.max(0, at - Date.now()), 2_147_483_647));
    };
    arm(stats.nextCloseAt());

    this.on('input', (msg: InMsg, send: Send, done: Done) => {
      try {
        if (msg.topic === 'flush') {
          emit(stats.flush(), send);
          return done();
        }
        const now = Date.now();
        const ts = (config.timestamp === 'msg' ? measurementTime(msg.timestamp) : undefined) ?? now;
        const topic = config.groupBy === 'all' ? 'all' : safeString(msg.topic ?? msg.device?.id ?? 'default');
        let values = typeof msg.payload === 'number' ? { value: msg.payload } : msg.payload as Record<string, unknown>;
        if (!values || typeof values !== 'object') throw new CivicError('civic-window-stats.errors.payload', { got: typeof msg.payload }, 'msg.payload must be an object of numbers');
        if (excluded && excluded in values) values = { ...values, [excluded]: undefined };
        const outcome = stats.add(topic, ts, values, now, field ? RED.util.getMessageProperty(msg, field) : undefined);
        if (outcome === 'ok') arm(stats.lastCloseAt);
        else this.status({ fill: 'yellow', shape: 'ring', text: RED._(`civic-window-stats.status.${outcome}`, { count: outcome === 'late' ? stats.dropped.late : stats.dropped.overflow }) });
        done();
      } catch (err) {
        fail(RED, this, done, err);
      }
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      context.set(STATE_KEY, stats.snapshot());
      closeDone();
    });
  }
  RED.nodes.registerType('civic-window-stats', WindowStatsNode);
};
