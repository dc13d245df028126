// MQTT helpers for the broker tests: a TTS v3 uplink of a simulated greenhouse sensor with a chosen temperature
// (CayenneLPP as the civic-sim devices send it), clients that keep what they receive, and connection outcomes.
import mqtt from 'mqtt';
import { toCayenneLpp, toTtsUplink } from '../../lib/sim';

/** A TTS v3 uplink of `deviceId` reporting `airTemperature` °C (the other values ordinary), received at `at`. */
export function ttsUplink(deviceId: string, airTemperature: number, at = Date.now()): { topic: string; payload: string } {
  const frame = toCayenneLpp({ airTemperature, airHumidity: 70, co2: 600, solarRadiation: 200, illuminance: 12000, batteryVoltage: 3.6 });
  const body = toTtsUplink(frame, { deviceId, devEui: '70B3D57ED0000001', application: 'civic-iot', fCnt: 1, receivedAt: at, rssi: -80, snr: 7, model: 'civic-sim-th' });
  return { topic: `v3/civic-iot@ttn/devices/${deviceId}/up`, payload: JSON.stringify(body) };
}

/** A connected client that records every message, or the CONNACK refusal (code 4 or 5) / error it got instead. */
export async function client(port: number, opts: mqtt.IClientOptions = {}): Promise<{ c?: mqtt.MqttClient; refused?: number; error?: string;
  got: Array<{ topic: string; payload: string }>; closed: () => boolean }> {
  const got: Array<{ topic: string; payload: string }> = [];
  try {
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 10_000, ...opts });
    let closed = false;
    c.on('close', () => { closed = true; });
    c.on('error', () => undefined);
    c.on('message', (topic, buf) => got.push({ topic, payload: buf.toString() }));
    return { c, got, closed: () => closed };
  } catch (err) {
    const e = err as Error & { code?: number };
    return { refused: typeof e.code === 'number' ? e.code : undefined, error: e.message, got, closed: () => true };
  }
}

/** Waits until `check()` holds, polling; throws with `what()` after `ms`. */
export async function until(check: () => boolean, ms: number, what: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
