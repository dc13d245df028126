// kpi-progress: measures KPI values against baseline and target (progress or ratio, lower-is-better, grades,
// interim targets per fiscal year) per fiscal year, month or day; output 1 the progress record with the KPI's
// history for a trend chart, output 2 the board of every KPI.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { KpiBoard, CITY_KPIS, isTimeZone, type KpiDefinition } from '../../lib/kpi';
import { CivicError, safeString } from '../../lib/errors';
// a KPI value message may carry its interval (health-expectancy does): it is kept with the value for cards and charts
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface Config { kpis: KpiDefinition[]; bands: string; timeZone: string; lang: 'ja' | 'en' }
type InMsg = NodeMessageInFlow & { asOf?: unknown; timestamp?: unknown; fiscalYear?: unknown };
const STATE_KEY = 'kpiBoard';

export = function register(RED: NodeAPI) {
  function KpiProgressNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-kpi-progress', def);
    if (!config) return;
    let board: KpiBoard;
    try {
      if (!isTimeZone(config.timeZone)) throw new CivicError('shared.schema.other', { field: 'timeZone', limit: config.timeZone });
      // a node created without a table (e.g. from a hand-written flow) starts with the city's four KPIs
      const kpis = (def as { kpis?: unknown }).kpis === undefined ? CITY_KPIS : config.kpis;
      board = new KpiBoard(kpis.map((k) => ({ ...k, bands: k.bands || undefined })), { bands: config.bands, timeZone: config.timeZone });
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const context = this.context();
    board.restore(context.get(STATE_KEY));
    const boardMsg = () => ({ topic: 'kpi-board', payload: board.board(config.lang) });

    this.on('input', (msg: InMsg, send: Send, done: Done) => {
      try {
        if (msg.topic === 'board' || msg.topic === 'kpi-board') {
          send([null, boardMsg()]);
          return done();
        }
        const p = msg.payload as Record<string, unknown> | number | string;
        const fromPayload = p !== null && typeof p === 'object' && typeof (p as Record<string, unknown>).kpi === 'string';
        const kpi = fromPayload ? String((p as Record<string, unknown>).kpi) : safeString(msg.topic ?? '');
        const src = fromPayload ? p as Record<string, unknown> : {};
        const record = board.update(kpi, fromPayload ? src.value : p, src.asOf ?? msg.asOf ?? msg.timestamp, Date.now(),
          { fiscalYear: src.fiscalYear ?? msg.fiscalYear, method: src.method, ciLow: src.ciLow, ciHigh: src.ciHigh, se: src.se });
        context.set(STATE_KEY, board.snapshot());
        send([
          Object.assign(msg, { topic: kpi, payload: { ...record, history: board.history(kpi) } }),
          boardMsg(),
        ]);
        const pct = record.progress === null ? '' : ` ${Math.round(record.progress * 100)}%`;
        this.status({ fill: record.met ? 'green' : 'yellow', shape: 'dot', text: RED._('civic-kpi-progress.status.graded', { grade: record.grade, progress: pct }) });
        done();
      } catch (err) {
        fail(RED, this, done, err);
      }
    });
  }
  RED.nodes.registerType('civic-kpi-progress', KpiProgressNode);
};
