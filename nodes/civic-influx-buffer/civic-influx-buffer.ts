// influx-buffer: a drop-in for `influxdb out` (same `influxdb` config node, same payloads) that keeps every accepted
// point in an on-disk queue until InfluxDB acknowledges it. done() once the point is durably queued.
import os from 'os';
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  BufferedWriter, DiskQueue, createHttpTransport, linesFromMessage, normalisePrecision, targetFromConfigNode,
  type FullPolicy, type InfluxConfigNodeLike, type WriterEvent,
} from '../../lib/storage';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, shortStatus, type Done } from '../../node-kit';

interface InfluxBufferConfig {
  influxdb: string; measurement: string; precision: string; retentionPolicy: string; database: string;
  retentionPolicyV18Flux: string; org: string; bucket: string; precisionV18FluxV20: string; deviceTags: boolean;
  integers: boolean; maxQueueMB: number; policy: FullPolicy; batchSize: number; batchWait: number; retryMax: number;
  directory: string; closeTimeout: number;
}

export = function register(RED: NodeAPI) {
  function InfluxBufferNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<InfluxBufferConfig>(RED, this, 'civic-influx-buffer', def);
    if (!config) return;
    const server = RED.nodes.getNode(config.influxdb) as unknown as (InfluxConfigNodeLike & { type?: string }) | null;
    let target;
    try {
      if (!server) throw new CivicError('civic-influx-buffer.errors.missingConfig', {}, 'no influxdb config node');
      const version = server.influxdbVersion || '1.x';
      const precision = normalisePrecision(version === '1.x' ? config.precision : config.precisionV18FluxV20);
      target = targetFromConfigNode(server, { ...config, precision });
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const node = this;
    const dir = config.directory || path.join((RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red'),
      'civic-iot', 'influx-buffer', node.id.replace(/[^A-Za-z0-9._-]/g, '_'));
    const pointOptions = { measurement: config.measurement, precision: target.precision, deviceTags: config.deviceTags, integers: config.integers, now: Date.now };
    const transport = createHttpTransport(target);
    let statusTimer: NodeJS.Timeout | undefined;
    let writer: BufferedWriter | undefined;
    let queue: DiskQueue | undefined;
    let outage = false;

    const showStatus = () => {
      statusTimer = undefined;
      if (!writer || !queue) return;
      const counts = { queued: queue.queued, written: writer.written };
      if (writer.state === 'backoff') {
        node.status({ fill: 'yellow', shape: 'ring', text: shortStatus(RED._('civic-influx-buffer.status.retrying', { ...counts, error: writer.lastError ?? '' })) });
      } else {
        node.status({ fill: queue.queued ? 'blue' : 'green', shape: 'dot', text: shortStatus(RED._('civic-influx-buffer.status.ok', counts)) });
      }
    };
    const scheduleStatus = () => { if (!statusTimer) statusTimer = setTimeout(showStatus, 500); };
    const onEvent = (e: WriterEvent) => {
      if (e.type === 'retry' || e.type === 'failed') {
        if (!outage) node.warn(RED._('civic-influx-buffer.errors.retrying', { error: e.error, queued: queue?.queued ?? 0 }));
        outage = true;
      } else if (e.type === 'written' && outage) {
        outage = false;
        node.log(RED._('civic-influx-buffer.status.recovered', { queued: queue?.queued ?? 0 }));
      } else if (e.type === 'deadLetter') {
        node.warn(RED._('civic-influx-buffer.errors.deadLetter', { count: e.count, error: e.error, file: path.join(dir, 'dead-letter.lp') }));
      }
      scheduleStatus();
    };
    const ready = DiskQueue.open({
      dir, maxBytes: config.maxQueueMB * 1024 * 1024, policy: config.policy,
      onDrop: (count) => node.warn(RED._('civic-influx-buffer.errors.dropped', { count })),
    }).then((q) => {
      queue = q;
      writer = new BufferedWriter(q, transport, {
        maxPoints: config.batchSize, maxWaitMs: config.batchWait * 1000,
        retryInitialMs: Math.min(1000, config.retryMax * 1000), retryMaxMs: config.retryMax * 1000,
      }, undefined, onEvent);
      writer.notify();                                       // replay what an earlier run left
      showStatus();
      return { q, w: writer };
    });
    ready.catch((err) => {
      node.status({ fill: 'red', shape: 'ring', text: RED._('civic-influx-buffer.status.diskError') });
      node.error(RED._('civic-influx-buffer.errors.disk', { dir, error: (err as Error).message }));
    });

    this.on('input', (msg: NodeMessageInFlow, _send: unknown, done: Done) => {
      let lines: string[];
      try {
        lines = linesFromMessage(msg as Parameters<typeof linesFromMessage>[0], pointOptions);
      } catch (err) {
        fail(RED, node, done, err);
        return;
      }
      ready.then(({ q, w }) => q.append(lines).then(() => { w.notify(); scheduleStatus(); done(); }))
        .catch((err) => fail(RED, node, done, err));
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
