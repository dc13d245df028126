// civic-history: on a trigger (page open, deploy, a range chosen on a dashboard) reads one metric over a time range
// from InfluxDB and sends it downsampled on the server: output 1 for node-red-dashboard's ui_chart, output 2 for
// Dashboard 2.0's ui-chart. Querying, downsampling and the chart formats live in lib/storage/history.ts.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  buildQuery, classicChart, createQueryClient, dashboard2Chart, downsampleSeries, explainQueryFailure, parseDuration, resolveRange,
  seriesFromResponse, targetFromCivicServer, type CivicServerCredentials, type CivicServerSettings, type HistorySpec, type QueryClient, type Said,
} from '../../lib/storage';
import { CivicError } from '../../lib/errors';
import { readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface HistoryConfig {
  server: string; measurement: string; field: string; retentionPolicy: string; filters: HistorySpec['filters'];
  seriesTag: string; range: string; rangeProperty: string; points: number; method: HistorySpec['method'];
  maxSeries: number; onStart: boolean;
}
type ServerNode = { settings?: CivicServerSettings; credentials?: CivicServerCredentials };

export = function register(RED: NodeAPI) {
  const say = (s: Said) => {
    const params: Record<string, string | number> = { ...s.params };
    for (const k of s.keys ?? []) params[k] = RED._(String(params[k]), s.params as Record<string, string>);
    return RED._(s.key, params as Record<string, string>);
  };

  function HistoryNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<HistoryConfig>(RED, this, 'civic-history', def);
    if (!config) return;
    const node = this;
    let target: ReturnType<typeof targetFromCivicServer>;
    let query: QueryClient;
    try {
      const server = RED.nodes.getNode(config.server) as unknown as ServerNode | null;
      if (!server?.settings) throw new CivicError('civic-history.errors.missingConfig', {}, 'no InfluxDB server selected');
      if (parseDuration(config.range) === undefined) throw new CivicError('civic-history.errors.badRange', {}, 'the default range is not a duration');
      target = targetFromCivicServer(server.settings, server.credentials, { precision: 'ms' });
      query = createQueryClient(target);
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }

    /** Queries, downsamples and formats; resolves with the two outputs' messages. */
    const fetchCharts = async (msg: NodeMessageInFlow) => {
      const range = resolveRange(RED.util.getMessageProperty(msg, config.rangeProperty), Date.now(), config.range);
      const spec: HistorySpec = { ...config, range };
      const answer = await query(buildQuery(spec));
      if (answer.status === 401 || answer.status === 403) throw new CivicError('civic-history.errors.auth', { status: answer.status }, 'login refused');
      const series = downsampleSeries(seriesFromResponse(answer.body, spec), spec);
      const base = { topic: config.field, range, method: config.method };
      return { series, classic: { ...msg, ...base, payload: classicChart(series) },
        dashboard2: dashboard2Chart(series).map((m) => ({ ...msg, ...base, ...m })) };
    };

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      fetchCharts(msg).then(({ series, classic, dashboard2 }) => {
        const points = series.reduce((n, s) => n + s.points.length, 0);
        node.status({ fill: 'green', shape: 'dot', text: RED._('civic-history.status.ok', { series: series.length, points }) });
        send([classic, dashboard2]);
        done();
      }).catch((err) => {
        const why = explainQueryFailure(err, target);
        node.status({ fill: 'red', shape: 'ring', text: RED._(why.status) });
        done(new Error(say(why)));
      });
    });
    // the charts get their history as soon as the flow runs (deploy, restart), before anyone asks
    const startTimer = config.onStart ? setTimeout(() => node.receive({}), 0) : undefined;

    this.on('close', (_removed: boolean, closeDone: () => void) => {
      clearTimeout(startTimer);
      query.close();
      closeDone();
    });
  }
  RED.nodes.registerType('civic-history', HistoryNode);
};
