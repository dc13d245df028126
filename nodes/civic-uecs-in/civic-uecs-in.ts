// uecs-in: listens for UECS CCM packets (XML over UDP, port 16520) and emits one reading per packet that passes
// the filters. Parsing and mapping live in lib/decode; this adapter owns the socket and closes it on redeploy.
import dgram from 'dgram';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { uecsReading } from '../../lib/decode';
import { readConfig, translateError } from '../../node-kit';

interface UecsInConfig {
  port: number; bind: string; multicast: string; types: string; room: number; region: number; order: number;
  deviceId: string; site: string; maxBytes: number;
}

export = function register(RED: NodeAPI) {
  function UecsInNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<UecsInConfig>(RED, this, 'civic-uecs-in', def);
    if (!config) return;
    const filter = {
      types: config.types.split(',').map((s) => s.trim()).filter(Boolean),
      room: config.room, region: config.region, order: config.order,
    };
    const bind = config.bind || '0.0.0.0';
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    const translate = (key: string, params: Record<string, string | number>, english: string) => {
      const t = RED._(key, params as Record<string, string>);
      return t === key ? english : t;
    };
    let packets = 0;
    let shown = 0;
    // the packet count is shown at most once a second (a busy UECS network sends many packets a second)
    const status = (fill: 'green' | 'red', text: string, force: boolean) => {
      const now = Date.now();
      if (!force && now - shown < 1000) return;
      shown = now;
      this.status({ fill, shape: 'dot', text });
    };

    socket.on('message', (datagram, rinfo) => {
      try {
        const reading = uecsReading(datagram, { filter, deviceId: config.deviceId, site: config.site, sender: rinfo.address, maxBytes: config.maxBytes, translate });
        if (!reading) return;
        packets += 1;
        this.send({ ...reading, _msgid: RED.util.generateId() } as never);
        status('green', RED._('civic-uecs-in.status.packets', { count: packets }), packets === 1);
      } catch (err) {
        const text = translateError(RED, err).message;
        status('red', RED._('civic-uecs-in.status.rejected'), true);
        shown = 0;
        this.error(RED._('civic-uecs-in.errors.badPacket', { from: rinfo.address, reason: text }), { payload: datagram.toString('utf8') } as never);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.status({ fill: 'red', shape: 'ring', text: RED._('civic-uecs-in.status.socketError') });
      this.error(RED._('civic-uecs-in.errors.socket', { port: config.port, bind, reason: err.code ?? err.message }));
    });
    socket.on('listening', () => {
      try {
        socket.setBroadcast(true);
        if (config.multicast) socket.addMembership(config.multicast, bind === '0.0.0.0' ? undefined : bind);
        this.status({ fill: 'grey', shape: 'ring', text: RED._('civic-uecs-in.status.listening', { port: socket.address().port }) });
      } catch (err) {
        this.status({ fill: 'red', shape: 'ring', text: RED._('civic-uecs-in.status.multicast') });
        this.error(RED._('civic-uecs-in.errors.multicast', { group: config.multicast, reason: (err as Error).message }));
      }
    });
    socket.bind(config.port, bind);

    this.on('close', (_removed: boolean, closeDone: () => void) => {
      socket.removeAllListeners('message');
      try {
        socket.close(() => closeDone());
      } catch {
        closeDone();                                            // never bound (e.g. port in use): nothing to close
      }
    });
  }
  RED.nodes.registerType('civic-uecs-in', UecsInNode);
};
