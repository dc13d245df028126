// Reading the message properties chosen in the dialog (typedInput "msg."), parsed once when the node starts.
import type { NodeAPI } from 'node-red';
import { CivicError } from '../../lib/errors';

/** Reads one property of a message. */
export type Getter = (msg: object) => unknown;

/** A reader for a msg property path ("payload", "device.id", "data['x']"); `field` names the dialog field in errors. */
export function getter(RED: NodeAPI, path: string, field: string): Getter {
  if (!path) return () => undefined;
  let parts: Array<string | number>;
  try {
    parts = (RED.util as unknown as { normalisePropertyExpression(p: string): Array<string | number> }).normalisePropertyExpression(path);
  } catch {
    throw new CivicError('civic-alert.errors.property', { field });
  }
  if (parts.length === 1) { const k = parts[0]; return (m) => (m as Record<string | number, unknown>)[k]; }
  return (m) => parts.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined), m);
}
