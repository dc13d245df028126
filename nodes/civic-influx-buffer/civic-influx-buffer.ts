// civic-influx-buffer: writes to InfluxDB through an on-disk queue that keeps every accepted point until InfluxDB has
// it. Server settings from the pack's own `civic-influxdb` config node, or node-red-contrib-influxdb's `influxdb`
// config node when that package is installed (payloads as `influxdb out` takes them). done() once durably queued.
import os from 'os';
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  BufferedWriter, DiskQueue, LINE_PRECISION, SeriesClock, bufferStatus, createHttpTransport, linesFromMessage, payloadPrecision,
  problemWarning, targetFromCivicServer, targetFromConfigNode, type CivicServerCredentials, type CivicServerSettings,
  type FullPolicy, type InfluxConfigNodeLike, type InfluxTarget, type Said, type WriterEvent,
} from '../../lib/storage';
import { CivicError, isCivicError } from '../../lib/errors';
import { readConfig, refuseConfig, translateError, type Done } from '../../node-kit';

interface InfluxBufferConfig {
  server: string; influxdb: string; property: string; measurement: string; precision: string; retentionPolicy: string;
  database: string; retentionPolicyV18Flux: string; org: string; bucket: string; precisionV18FluxV20: string;
  deviceTags: boolean; integers: boolean; maxQueueMB: number; policy: FullPolicy; batchSize: number; batchWait: number;
  retryMax: number; directory: string; closeTimeout: number;
}
type ServerNode = { settings?: CivicServerSettings; credentials?: CivicServerCredentials };

/** The write target and the precision of numeric `time` fields, from whichever server config node is chosen. */
function resolveTarget(RED: NodeAPI, config: InfluxBufferConfig): { target: InfluxTarget; timePrecision: ReturnType<typeof payloadPrecision> } {
  const missing = () => new CivicError('civic-influx-buffer.errors.missingConfig', {}, 'no InfluxDB server selected');
  if (config.server) {
    const server = RED.nodes.getNode(config.server) as unknown as ServerNode | null;
    if (!server?.settings) throw missing();
    const target = targetFromCivicServer(server.settings, server.credentials, { precision: LINE_PRECISION, retentionPolicy: config.retentionPolicy });
    return { target, timePrecision: payloadPrecision(server.settings.apiVersion, config.precision, config.precisionV18FluxV20) };
  }
  const contrib = config.influxdb ? RED.nodes.getNode(config.influxdb) as unknown as InfluxConfigNodeLike | null : null;
  if (!contrib) throw missing();
  const version = contrib.influxdbVersion || '1.x';
  return { target: targetFromConfigNode(contrib, { ...config, precision: LINE_PRECISION }),
    timePrecision: payloadPrecision(version, config.precision, config.precisionV18FluxV20) };
}

export = function register(RED: NodeAPI) {
  const say = (s: Said) => {
    const params: Record<string, string | number> = { ...s.params };
    for (const k of s.keys ?? []) params[k] = RED._(String(params[k]), s.params as Record<string, string>);
    return RED._(s.key, params as Record<string, string>);
  };
  /** "another node (…)": this Node-RED's node id, or another process, for the folder-in-use error. */
  const lockedText = (err: CivicError) => {
    const p = err.params;
    const owner = p.pid === process.pid && p.host === os.hostname()
      ? RED._('civic-influx-buffer.errors.ownerHere', { id: String(p.label) })
      : RED._('civic-influx-buffer.errors.ownerProcess', { pid: String(p.pid), host: String(p.host) });
    return RED._('civic-influx-buffer.errors.locked', { dir: String(p.dir), owner });
  };

  function InfluxBufferNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<InfluxBufferConfig>(RED, this, 'civic-influx-buffer', def);
    if (!config) return;
    let resolved: ReturnType<typeof resolveTarget>;
    try { resolved = resolveTarget(RED, config); } catch (err) { refuseConfig(RED, this, err); return; }
    const { target, timePrecision } = resolved;
    const node = this;
    const dir = config.directory || path.join((RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red'),
      'civic-iot', 'influx-buffer', node.id.replace(/[^A-Za-z0-9._-]/g, '_'));
    const pointOptions = { measurement: config.measurement, precision: timePrecision, deviceTags: config.deviceTags, integers: config.integers, clock: new SeriesClock() };
    const transport = createHttpTransport(target);
    let statusTimer: NodeJS.Timeout | undefined;
    let writer: BufferedWriter | undefined;
    let queue: DiskQueue | undefined;
    let outage = false;

    const showStatus = () => {
      statusTimer = undefined;
      if (!writer || !queue) return;
      const s = bufferStatus({ queued: queue.queued, written: writer.written, state: writer.state, problem: writer.lastProblem, writeError: queue.writeError });
      node.status({ fill: s.fill, shape: s.shape, text: say(s) });
    };
    const scheduleStatus = () => { if (!statusTimer) statusTimer = setTimeout(showStatus, 200); };
    const onEvent = (e: WriterEvent) => {
      if ((e.type === 'retry' || e.type === 'failed') && !outage) {
        outage = true;
        node.warn(say(problemWarning(e.problem, target, queue?.queued ?? 0)));
      } else if (e.type === 'written' && outage) {
        outage = false;
        node.log(RED._('civic-influx-buffer.status.recovered', { queued: queue?.queued ?? 0 }));
      } else if (e.type === 'deadLetter') {
        node.warn(RED._('civic-influx-buffer.errors.deadLetter', { count: e.count, error: e.error, file: path.join(dir, 'dead-letter.lp') }));
      }
      scheduleStatus();
    };
    const ready = DiskQueue.open({
      dir, maxBytes: config.maxQueueMB * 1024 * 1024, policy: config.policy, owner: node.id, legacyPrecision: timePrecision,
      onDrop: (count) => node.warn(RED._('civic-influx-buffer.errors.dropped', { count })),
    }).then((q) => {
      queue = q;
      if (q.quarantined.regions) node.warn(RED._('civic-influx-buffer.errors.quarantined', { ...q.quarantined, file: q.quarantined.file ?? '' }));
      writer = new BufferedWriter(q, transport, {
        maxPoints: config.batchSize, maxWaitMs: config.batchWait * 1000,
        retryInitialMs: Math.min(1000, config.retryMax * 1000), retryMaxMs: config.retryMax * 1000,
      }, undefined, onEvent);
      writer.notify();                                       // replay what an earlier run left
      showStatus();
      return { q, w: writer };
    });
    ready.catch((err) => {
      const locked = isCivicError(err) && err.key === 'civic-influx-buffer.errors.locked';
      node.status({ fill: 'red', shape: 'ring', text: RED._(`civic-influx-buffer.status.${locked ? 'locked' : 'diskError'}`) });
      node.error(locked ? lockedText(err) : RED._('civic-influx-buffer.errors.disk', { dir, error: translateError(RED, err).message }));
    });

    this.on('input', (msg: NodeMessageInFlow, _send: unknown, done: Done) => {
      let lines: string[];
      try {
        const value = RED.util.getMessageProperty(msg, config.property) as unknown;
        lines = linesFromMessage({ ...(msg as object), payload: value }, pointOptions);
      } catch (err) {
        node.status({ fill: 'red', shape: 'dot', text: RED._('civic-influx-buffer.status.badInput') });
        done(translateError(RED, err));
        return;
      }
      ready.then(({ q, w }) => q.append(lines).then(() => { w.notify(); scheduleStatus(); done(); }))
        .catch((err) => { showStatus(); done(translateError(RED, err)); });
    });

    this.on('close', (_removed: boolean, closeDone: () => void) => {
      clearTimeout(statusTimer);
      statusTimer = undefined;
      ready.then(async ({ q, w }) => {
        await w.flush(config.closeTimeout * 1000);           // what cannot be written in time stays on disk
        w.stop();
        await q.close();
      }).catch(() => undefined).finally(() => { transport.close(); closeDone(); });
    });
  }
  RED.nodes.registerType('civic-influx-buffer', InfluxBufferNode);
};
