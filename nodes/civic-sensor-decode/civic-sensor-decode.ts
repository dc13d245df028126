// sensor-decode: turns any field device's payload (CayenneLPP, device profiles, TTS/ChirpStack uplinks, Modbus
// registers, UECS CCM XML, vendor codecs) into a reading message. All format knowledge lives in lib/decode.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { createDecoder, type DecoderConfig, type SensorDecoder } from '../../lib/decode';
import type { ModbusField } from '../../lib/decode';
import { safeString } from '../../lib/errors';
import { fail, readConfig, translateError, type Done, type Send } from '../../node-kit';

type PropType = 'str' | 'msg' | 'flow' | 'global' | 'env';
interface SensorDecodeConfig {
  format: string; serverDecoded: boolean; channelPreset: string; mapping: DecoderConfig['mapping'];
  signedPower: boolean; modbusPreset: string; modbusMap: ModbusField[];
  uecsTypes: string; uecsRoom: number; uecsRegion: number; uecsOrder: number;
  codec: string; codecTimeoutMs: number; codecMemoryMb: number; maxBytes: number;
  deviceId: string; deviceIdType: PropType; site: string; siteType: PropType; house: string; houseType: PropType;
}

/** The node config as the library's decoder config. */
function decoderConfig(c: SensorDecodeConfig): DecoderConfig {
  return {
    format: c.format, serverDecoded: c.serverDecoded, channelPreset: c.channelPreset, mapping: c.mapping,
    signedPower: c.signedPower, modbusPreset: c.modbusPreset, modbusMap: c.modbusMap,
    uecsFilter: { types: c.uecsTypes.split(',').map((s) => s.trim()).filter(Boolean), room: c.uecsRoom, region: c.uecsRegion, order: c.uecsOrder },
    codec: c.codec, codecTimeoutMs: c.codecTimeoutMs, codecMemoryMb: c.codecMemoryMb, maxBytes: c.maxBytes,
  };
}

export = function register(RED: NodeAPI) {
  function SensorDecodeNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<SensorDecodeConfig>(RED, this, 'civic-sensor-decode', def);
    if (!config) return;
    let decoder: SensorDecoder;
    try {
      decoder = createDecoder(decoderConfig(config));
    } catch (err) {
      this.status({ fill: 'red', shape: 'ring', text: RED._('shared.status.badConfig') });
      this.error(translateError(RED, err).message);
      return;
    }
    if (!decoder.isReady) {
      this.status({ fill: 'yellow', shape: 'ring', text: RED._('civic-sensor-decode.status.loading') });
      decoder.ready.then(() => this.status({}), (err: unknown) => {
        this.status({ fill: 'red', shape: 'ring', text: RED._('civic-sensor-decode.status.badCodec') });
        this.error(translateError(RED, err).message);
      });
    }
    const prop = (value: string, type: PropType, msg: NodeMessageInFlow): string | undefined => {
      if (!value) return undefined;
      if (type === 'str') return value;
      const v = RED.util.evaluateNodeProperty(value, type, this, msg);
      return v === undefined || v === null || v === '' ? undefined : safeString(v);
    };
    let showingError = false;

    const handle = (msg: NodeMessageInFlow, send: Send, done: Done) => {
      try {
        const reading = decoder.decode(msg.payload, {
          topic: typeof msg.topic === 'string' ? msg.topic : undefined,
          deviceId: prop(config.deviceId, config.deviceIdType, msg),
          site: prop(config.site, config.siteType, msg),
          house: prop(config.house, config.houseType, msg),
        });
        Object.assign(msg, reading);
        send(msg);
        if (showingError) { this.status({}); showingError = false; }
        done();
      } catch (err) {
        showingError = true;
        fail(RED, this, done, err);
      }
    };

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      if (decoder.isReady) handle(msg, send, done);
      else decoder.ready.then(() => handle(msg, send, done), () => handle(msg, send, done));
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      decoder.close();
      closeDone();
    });
  }
  RED.nodes.registerType('civic-sensor-decode', SensorDecodeNode);
};
