// civic-season-sim: plays whole seasons of simulated houses quickly (time compression): readings with the simulated
// timestamps (output 1), the growers' work-log entries (output 2), and a message when done (output 3). It plays once
// per deployment of its settings (remembered in the node context) unless asked to play again.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { SeasonPlayer, type SeasonSimConfig } from '../../lib/sim';
import { readConfig, type Done, type Send } from '../../node-kit';

interface Config { houses: string; start: string; days: number; seasons: number; speed: number; stepMinutes: number; seed: number; latitude: number; longitude: number; autoStart: boolean }
const TICK_MS = 250;

export = function register(RED: NodeAPI) {
  function SeasonSimNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-season-sim', def);
    if (!config) return;
    const ctx = this.context();
    const fingerprint = JSON.stringify([config.houses, config.start, config.days, config.seasons, config.seed, config.stepMinutes]);
    const simConfig: SeasonSimConfig = { houses: config.houses.split(',').map((h) => h.trim()).filter(Boolean), start: config.start, days: config.days,
      seasons: config.seasons, seed: config.seed, site: { latitude: config.latitude, longitude: config.longitude }, stepMinutes: config.stepMinutes, timeZoneOffsetHours: 9 };
    let player: SeasonPlayer | undefined;
    let timer: NodeJS.Timeout | undefined;
    const stepsPerTick = Math.max(1, Math.round((config.speed * (TICK_MS / 1000) * 1440) / config.stepMinutes));

    const stop = () => { if (timer) clearInterval(timer); timer = undefined; };
    const play = () => {
      stop();
      player = new SeasonPlayer(simConfig);
      timer = setInterval(() => {
        const p = player!;
        const { readings, entries } = p.advance(stepsPerTick);
        if (readings.length || entries.length) this.send([readings as never, entries.map((payload) => ({ topic: payload.house, payload })), null]);
        this.status({ fill: 'blue', shape: 'dot', text: RED._('civic-season-sim.status.playing', { day: p.progress.day, days: p.progress.days }) });
        if (p.done) {
          stop();
          ctx.set('played', fingerprint);
          this.send([null, null, { topic: 'done', payload: { houses: simConfig.houses, seasons: config.seasons, days: config.days } }]);
          this.status({ fill: 'green', shape: 'dot', text: RED._('civic-season-sim.status.done') });
        }
      }, TICK_MS);
    };
    if (config.autoStart && ctx.get('played') !== fingerprint) setTimeout(play, 1000);
    else if (ctx.get('played') === fingerprint) this.status({ fill: 'green', shape: 'ring', text: RED._('civic-season-sim.status.played') });

    this.on('input', (msg: NodeMessageInFlow, _send: Send, done: Done) => {
      if (msg.topic === 'stop') { stop(); this.status({ fill: 'grey', shape: 'ring', text: RED._('civic-season-sim.status.stopped') }); }
      else play();
      done();
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => { stop(); closeDone(); });
  }
  RED.nodes.registerType('civic-season-sim', SeasonSimNode);
};
