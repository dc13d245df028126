// civic-influxdb: the InfluxDB server settings of this pack (a config node), so that civic-influx-buffer and
// civic-history work in a Node-RED without node-red-contrib-influxdb. Holds the validated settings; the user name,
// password and token are Node-RED credentials (encrypted at rest, never exported with a flow).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { CivicServerSettings } from '../../lib/storage';
import { readConfig } from '../../node-kit';

export = function register(RED: NodeAPI) {
  function CivicInfluxdbNode(this: Node & { settings?: CivicServerSettings }, def: NodeDef) {
    RED.nodes.createNode(this, def);
    // invalid settings leave `settings` unset: the nodes using this server then refuse with a translated reason
    this.settings = readConfig<CivicServerSettings>(RED, this, 'civic-influxdb', def);
  }
  RED.nodes.registerType('civic-influxdb', CivicInfluxdbNode, {
    credentials: { username: { type: 'text' }, password: { type: 'password' }, token: { type: 'password' } },
  });
};
