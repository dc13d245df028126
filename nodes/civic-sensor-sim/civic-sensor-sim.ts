// sensor-sim: emits simulated greenhouse and soil device messages on a timer or on each input message.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { createSimulator, type SimConfig } from '../../lib/sim';
import { CivicError, safeString } from '../../lib/errors';
import { readConfig, translateError, type Done, type Send } from '../../node-kit';

type SensorSimConfig = SimConfig & { autoStart: boolean };

export = function register(RED: NodeAPI) {
  function SensorSimNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<SensorSimConfig>(RED, this, 'civic-sensor-sim', def);
    if (!config) return;
    const simulator = createSimulator(config);
    let timer: NodeJS.Timeout | undefined;
    let rounds = 0;
    let lastStatus = 0;

    const emit = (t: number, send: Send, msg?: NodeMessageInFlow) => {
      const messages = simulator.tick(t) as unknown as NodeMessageInFlow[];
      rounds += 1;
      // the triggering message carries the first reading (as core nodes reuse msg): no new message id to make
      if (msg && messages.length) messages[0] = Object.assign(msg, messages[0]);
      if (messages.length === 1) send(messages[0]);
      else if (messages.length) send([messages]);
      // status at most once a second: when driven by a fast inject it would otherwise cost more than the work
      const now = Date.now();
      if (now - lastStatus < 1000) return;
      lastStatus = now;
      this.status({
        fill: timer ? 'green' : 'grey', shape: timer ? 'dot' : 'ring',
        text: RED._('civic-sensor-sim.status.sent', { count: messages.length, rounds }),
      });
    };
    const start = () => {
      if (timer || config.interval <= 0) return;
      // The first round comes within a second, so a freshly deployed dashboard fills without waiting a whole
      // interval; then one round per interval.
      const round = () => emit(Date.now(), (m) => this.send(m));
      timer = setTimeout(() => {
        round();
        if (timer) timer = setInterval(round, config.interval * 1000);
      }, Math.min(config.interval, 1) * 1000);
      this.status({ fill: 'green', shape: 'dot', text: RED._('civic-sensor-sim.status.running', { devices: config.devices }) });
    };
    const stop = () => {
      clearTimeout(timer);
      clearInterval(timer);
      timer = undefined;
      this.status({ fill: 'grey', shape: 'ring', text: RED._('civic-sensor-sim.status.stopped') });
    };

    this.on('input', (msg: NodeMessageInFlow & { timestamp?: unknown }, send: Send, done: Done) => {
      try {
        if (msg.topic === 'control') {
          if (msg.payload === 'start') start();
          else if (msg.payload === 'stop') stop();
          else throw new CivicError('civic-sensor-sim.errors.control', { got: safeString(msg.payload).slice(0, 20) });
          return done();
        }
        const at = msg.timestamp === undefined ? Date.now() : msg.timestamp;
        if (typeof at !== 'number' || !(Math.abs(at) <= 8.64e15)) {                // NaN, ±Infinity, beyond the Date range
          throw new CivicError('civic-sensor-sim.errors.timestamp', { got: typeof at });
        }
        emit(at, send, msg);
        done();
      } catch (err) {
        this.status({ fill: 'red', shape: 'dot', text: RED._('civic-sensor-sim.status.error') });
        done(translateError(RED, err));
      }
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      clearTimeout(timer);
      clearInterval(timer);
      timer = undefined;
      closeDone();
    });

    if (config.autoStart && config.interval > 0) start();
    else this.status({ fill: 'grey', shape: 'ring', text: RED._('civic-sensor-sim.status.manual') });
  }
  RED.nodes.registerType('civic-sensor-sim', SensorSimNode);
};
