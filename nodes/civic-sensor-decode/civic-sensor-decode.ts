// sensor-decode: turns any field device's payload (CayenneLPP, device profiles, TTS/ChirpStack uplinks, Modbus
// registers or RTU frames, UECS CCM XML, vendor codecs) into a reading message; device information frames leave on
// the second output. All format knowledge lives in lib/decode; vendor codecs run in its worker pool.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { createDecoder, isInfoReading, type DecodeContext, type DecoderConfig, type SensorDecoder } from '../../lib/decode';
import type { Reading } from '../../lib/metrics';
import { safeString } from '../../lib/errors';
import { readConfig, refuseConfig, translateError, type Done, type Send } from '../../node-kit';

type PropType = 'str' | 'msg' | 'flow' | 'global' | 'env';
type SensorDecodeConfig = Omit<DecoderConfig, 'uecsFilter' | 'translate' | 'pool'> & {
  property: string; propertyType: 'msg' | 'flow' | 'global';
  uecsTypes: string; uecsRoom: number; uecsRegion: number; uecsOrder: number;
  deviceId: string; deviceIdType: PropType; site: string; siteType: PropType; house: string; houseType: PropType;
};
type Msg = NodeMessageInFlow & { fPort?: unknown; port?: unknown; modbusRequest?: { address?: unknown }; input?: { payload?: { address?: unknown } } };

/** A whole number in [0, max] from a message property (numbers or numeric text), else undefined. */
function whole(v: unknown, max: number): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
}

/** A typed setting (text, msg property, context, env) resolved once: an empty or literal one costs nothing per message. */
function typed(RED: NodeAPI, node: Node, value: string, type: PropType): (msg: Msg) => string | undefined {
  if (!value) return () => undefined;
  if (type === 'str') return () => value;
  return (msg) => {
    const v = RED.util.evaluateNodeProperty(value, type, node, msg);
    return v === undefined || v === null || v === '' ? undefined : safeString(v);
  };
}

export = function register(RED: NodeAPI) {
  // read once: a name imported from lib/decode's index is a getter, which the JIT calls on every message
  const infoReading = isInfoReading;
  function SensorDecodeNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<SensorDecodeConfig>(RED, this, 'civic-sensor-decode', def);
    if (!config) return;
    let decoder: SensorDecoder;
    try {
      decoder = createDecoder({ ...config,
        uecsFilter: { types: config.uecsTypes.split(',').map((s) => s.trim()).filter(Boolean), room: config.uecsRoom, region: config.uecsRegion, order: config.uecsOrder },
        translate: (key, params, english) => { const t = RED._(key, params as Record<string, string>); return t === key ? english : t; } });
    } catch (err) {
      refuseConfig(RED, this, err);
      return;
    }
    if (!decoder.isReady) {
      this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-sensor-decode.status.loading') });
      decoder.ready.then(() => this.status({}), (err: unknown) => {
        this.status({ fill: 'red', shape: 'ring', text: RED._('civic-sensor-decode.status.badCodec') });
        this.error(translateError(RED, err).message);
      });
    }
    const fromMsg = config.propertyType === 'msg' && !config.property.includes('.') && !config.property.includes('[') ? config.property : undefined;
    const deviceId = typed(RED, this, config.deviceId, config.deviceIdType);
    const site = typed(RED, this, config.site, config.siteType);
    const house = typed(RED, this, config.house, config.houseType);
    const context = (msg: Msg, into: DecodeContext): DecodeContext => {
      into.topic = typeof msg.topic === 'string' ? msg.topic : undefined;
      into.deviceId = deviceId(msg);
      into.site = site(msg);
      into.house = house(msg);
      into.fPort = msg.fPort === undefined && msg.port === undefined ? undefined : whole(msg.fPort ?? msg.port, 255);
      into.registerStart = msg.modbusRequest === undefined && msg.input === undefined ? undefined
        : whole(msg.modbusRequest?.address ?? msg.input?.payload?.address, 65535);
      return into;
    };
    // a synchronous decode keeps nothing of its context: one object serves every message
    const scratch: DecodeContext = {};
    // good messages change the status only when the outcome changes (as core nodes do: never a status call per
    // message); every failure shows it, since a Catch-less flow has nothing else to tell the user
    let state: 'ok' | 'error' | 'info' = 'ok';
    const show = (next: typeof state) => {
      if (next === state && next !== 'error') return;
      state = next;
      if (next === 'ok') this.status({});
      else this.status(next === 'error' ? { fill: 'red', shape: 'dot', text: RED._('civic-sensor-decode.status.error') }
        : { fill: 'blue', shape: 'dot', text: RED._('civic-sensor-decode.status.info') });
    };
    const deliver = (msg: Msg, reading: Reading, send: Send, done: Done) => {
      const info = infoReading(reading);
      send(info ? [null, msg] : msg);
      show(info ? 'info' : 'ok');
      done();
    };
    const failed = (msg: Msg, err: unknown, done: Done) => {
      const meta = (err as { meta?: unknown } | null)?.meta;
      if (meta) (msg as unknown as { meta: unknown }).meta = meta;     // the codec's own error and warning lists, for Catch nodes
      show('error');
      done(translateError(RED, err));
    };

    // apart from the input handler: a closure there over msg, send and done would make every message, however
    // synchronous, allocate the scope object that such closures share (56 bytes, more young-generation collection)
    const decodeLater = (payload: unknown, msg: Msg, send: Send, done: Done) => {
      decoder.decodeAsync(payload, context(msg, {}), msg).then((r) => deliver(msg, r, send, done), (err: unknown) => failed(msg, err, done));
    };

    this.on('input', (msg: Msg, send: Send, done: Done) => {
      let payload: unknown;
      try {
        payload = fromMsg !== undefined ? (msg as unknown as Record<string, unknown>)[fromMsg] : RED.util.evaluateNodeProperty(config.property, config.propertyType, this, msg);
        if (!decoder.async) return deliver(msg, decoder.decode(payload, context(msg, scratch), msg), send, done);
      } catch (err) {
        return failed(msg, err, done);
      }
      decodeLater(payload, msg, send, done);
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      decoder.close();
      closeDone();
    });
  }
  RED.nodes.registerType('civic-sensor-decode', SensorDecodeNode);
};
