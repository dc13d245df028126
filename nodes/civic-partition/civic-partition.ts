// partition: one worker of several owns each device (FNV-1a 32-bit of the device id mod partitions, partition mod
// workers), so stateful nodes behind it see every reading of their devices. Modes: filter (own / others), route
// (partitioned topic + reading envelope for mqtt out), subscribe (this worker's topic filters for a dynamic
// mqtt in). All logic is in lib/partition; docs/scaling.md has the procedure, whose first step (drain) is
// served by ./drain.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import {
  asEnvelope, checkPrefix, checkSlot, isDrainMarker, ownedPartitions, ownerOf, parseWhole, partitionOf, partitionTopic,
  slowDispatch, subscriptionFilters, wrapReading, type PartitionMode, type WorkerSlot,
} from '../../lib/partition';
import { drainState, registerDrain, type Stage } from './drain';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, statusText, type Done, type Send } from '../../node-kit';

type SlotType = 'num' | 'env' | 'global' | 'flow';
interface PartitionConfig {
  mode: PartitionMode; workerIndex: string; workerIndexType: SlotType; workerCount: string;
  workerCountType: SlotType; partitions: number; key: string; prefix: string; unwrap: boolean; qos: number;
}
type InMsg = NodeMessageInFlow & { device?: { id?: unknown; site?: unknown }; units?: unknown; timestamp?: unknown; meta?: unknown; partition?: unknown };

export = function register(RED: NodeAPI) {
  registerDrain(RED);

  function PartitionNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<PartitionConfig>(RED, this, 'civic-partition', def);
    if (!config) return;
    let slot: WorkerSlot;
    try {
      const value = (v: string, t: SlotType): unknown => (t === 'num' ? v : RED.util.evaluateNodeProperty(v, t, this, {} as never));
      slot = checkSlot({
        index: parseWhole(value(config.workerIndex, config.workerIndexType), 0, 'index'),
        count: parseWhole(value(config.workerCount, config.workerCountType), 1, 'count'),
        partitions: config.partitions,
      });
      checkPrefix(config.prefix);
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    const owned = ownedPartitions(slot).length;
    this.status({ fill: 'green', shape: 'ring', text: statusText(RED, 'civic-partition.status.slot', { index: slot.index, count: slot.count, owned }) });

    const command = () => ({
      topic: subscriptionFilters(config.prefix, slot).map((topic) => ({ topic, qos: config.qos })),
      action: 'subscribe',
      partition: { worker: slot.index, workers: slot.count, partitions: slot.partitions, owned: ownedPartitions(slot) },
    });
    // by then every node of the flow exists: tell the user when the mqtt in fed here would match each message
    // against every filter (MQTT 3.1.1): ~0.03 ms more per reading for a worker of two (docs/scaling.md)
    const adviseMqtt5 = () => {
      const filters = subscriptionFilters(config.prefix, slot).length;
      for (const id of (def as { wires?: string[][] }).wires?.[0] ?? []) {
        const target = RED.nodes.getNode(id) as unknown as { type?: string; brokerConn?: { options?: { protocolVersion?: unknown } } } | null;
        if (target?.type === 'mqtt in' && target.brokerConn && slowDispatch(filters, target.brokerConn.options?.protocolVersion)) {
          this.warn(RED._('civic-partition.warnings.mqtt311', { filters }));
          return;
        }
      }
    };
    // subscribe mode: the dynamic mqtt in gets this worker's filters shortly after deploy (like inject "once")
    const startTimer = config.mode === 'subscribe' ? setTimeout(() => { adviseMqtt5(); this.send(command() as never); }, 100) : undefined;
    const stage: Stage = { mode: config.mode, slot, prefix: config.prefix, emit: (m) => this.send(m as never) };
    drainState.stages.add(stage);

    this.on('input', (msg: InMsg, send: Send, done: Done) => {
      try {
        if (config.mode === 'subscribe') {
          send(Object.assign(msg, command()) as never);
          return done();
        }
        if (config.mode === 'filter' && isDrainMarker(msg.payload)) {
          // a drain marker came back behind every reading routed before it (nodes/civic-partition/drain.ts)
          const p = Number(String(msg.topic ?? '').slice(config.prefix.length + 1).split('/')[0]);
          drainState.drain?.see(msg.payload.civicDrain, p);
          return done();
        }
        const env = config.mode === 'filter' && config.unwrap ? asEnvelope(msg.payload) : undefined;
        if (env) {
          // a reading republished by route mode: make it a reading message again
          Object.assign(msg, { payload: env.payload, units: env.units, timestamp: env.timestamp, device: env.device, meta: env.meta, topic: env.device.id });
        }
        let key: unknown;
        try { key = RED.util.getMessageProperty(msg, config.key); } catch { key = undefined; } // a missing parent object
        if (key === undefined || key === null || key === '') key = msg.topic;
        if ((typeof key !== 'string' && typeof key !== 'number') || key === '') {
          throw new CivicError('civic-partition.errors.noKey', { property: config.key }, `no partition key: msg.${config.key} and msg.topic are empty`);
        }
        const partition = partitionOf(String(key), slot.partitions);
        const owner = ownerOf(partition, slot.count);
        msg.partition = { partition, owner, worker: slot.index, workers: slot.count, partitions: slot.partitions };
        if (config.mode === 'filter' && owner === slot.index && drainState.drain?.closed(partition)) {
          drainState.drain.released++;          // drained: the worker taking over evaluates it
          return done();
        }
        if (config.mode === 'route') {
          msg.topic = partitionTopic(config.prefix, partition, msg.device?.site, key);
          msg.payload = wrapReading(msg);
          send(msg);
        } else {
          send(owner === slot.index ? [msg, null] : [null, msg]);
        }
        done();
      } catch (err) {
        fail(RED, this, done, err);
      }
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      if (startTimer) clearTimeout(startTimer);
      drainState.stages.delete(stage);
      closeDone();
    });
  }
  RED.nodes.registerType('civic-partition', PartitionNode);
};
