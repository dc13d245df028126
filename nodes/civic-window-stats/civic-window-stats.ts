// window-stats: per-topic tumbling or sliding windows over reading messages (numbers, or counts per value of a
// categorical field); emits statistics when a window closes (one timer, re-armed for the next close); output 2 the
// distinct count as a KPI value message. Late readings are counted, and the status and the window's message say so.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { WindowStats, distinctKpiMessage, isTimeZone, parsePercentiles, parseRanges, windowMessage, type WindowResult } from '../../lib/kpi';
import { CivicError, safeString } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';
import { measurementTime } from '../../lib/metrics';

interface Config {
  property: string; aggregate: 'metrics' | 'counts'; countField: string;
  mode: 'tumbling' | 'sliding'; unit: 'minute' | 'hour' | 'day'; size: number; slidingMinutes: number; hopMinutes: number;
  timeZone: string; grace: number; metrics: string; percentiles: string; percentileAccuracy: number; ranges: string;
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
        percentiles: parsePercentiles(config.percentiles), percentileAccuracy: config.percentileAccuracy, ranges: parseRanges(config.ranges),
        maxTopics: config.maxTopics,
      });
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const context = this.context();
    stats.restore(context.get(STATE_KEY));
    const field = config.distinctField.trim();
    const counting = config.aggregate === 'counts';
    const countField = config.countField.trim() || config.property;
    const excluded = field.startsWith('payload.') && !field.slice(8).includes('.') ? field.slice(8) : undefined;
    let timer: NodeJS.Timeout | undefined;
    let timerAt = Infinity;

    const lateText = (r: WindowResult) => RED._('civic-window-stats.warnings.late', { count: r.late, grace: config.grace });
    const toMsg = (r: WindowResult) => {
      const m = windowMessage(r, { output: config.output, distinctField: field, countField, graceSeconds: config.grace });
      return (r.late ? { ...m, warnings: [lateText(r)] } : m) as unknown as NodeMessageInFlow;
    };
    const toKpi = (r: WindowResult) => distinctKpiMessage(r, config.distinctKpi) as unknown as NodeMessageInFlow;
    const emit = (results: WindowResult[], send: Send) => {
      if (!results.length) return;
      const kpis = config.distinctKpi && field ? results.map(toKpi) : [];
      send([results.map(toMsg), kpis]);
      context.set(STATE_KEY, stats.snapshot());
      const late = results.reduce((s, r) => s + r.late, 0);
      this.status(late
        ? { fill: 'yellow', shape: 'ring', text: RED._('civic-window-stats.status.emittedLate', { count: results.length, late }) }
        : { fill: 'green', shape: 'dot', text: RED._('civic-window-stats.status.emitted', { count: results.length, topics: stats.topicCount }) });
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
        const input = RED.util.getMessageProperty(msg, config.property) as unknown;
        let values: Record<string, unknown> = {};
        let category: unknown;
        if (counting) {
          category = RED.util.getMessageProperty(msg, countField);
          if (category === undefined || category === null || typeof category === 'object') {
            throw new CivicError('civic-window-stats.errors.category', { field: countField }, `${countField} must hold a value to count`);
          }
        } else {
          values = typeof input === 'number' ? { value: input } : input as Record<string, unknown>;
          if (!values || typeof values !== 'object') throw new CivicError('civic-window-stats.errors.payload', { field: config.property }, 'the readings must be an object of numbers');
          if (excluded && excluded in values) values = { ...values, [excluded]: undefined };
        }
        const outcome = stats.add(topic, ts, values, now, field ? RED.util.getMessageProperty(msg, field) : undefined, category);
        if (outcome === 'ok') arm(stats.lastCloseAt);
        else if (outcome === 'late') this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-window-stats.status.late', { count: stats.dropped.late, grace: config.grace }) });
        else this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-window-stats.status.overflow', { count: stats.dropped.overflow }) });
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
