// How the card nodes reach the two dashboards, through what each offers third-party widgets, and never through a
// hard require: this pack loads (and its other nodes run) when neither dashboard package is installed; a card
// whose dashboard is missing says so with a translated red status.
//   node-red-dashboard 3 (classic, /ui): RED.require('node-red-dashboard')(RED).addWidget({...}), an Angular template
//     widget in a ui_group (the documented API for installable widgets).
//   Dashboard 2.0 (@flowfuse/node-red-dashboard, /dashboard): register the widget with its ui-group (or, for a
//     toast, the ui-base) config node; it renders as one of Dashboard 2.0's own components ('ui-template' with our
//     Vue template, 'ui-notification' for the toast).
import fs from 'fs';
import path from 'path';
import type { Node, NodeAPI } from 'node-red';
import { CivicError } from '../lib/errors';
import { translateError } from './index';

/** The browser-side template of a card (resources/cards/<file>), read once. */
const templates = new Map<string, string>();
export function cardTemplate(file: string): string {
  if (!templates.has(file)) {
    templates.set(file, fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'cards', file), 'utf8'));
  }
  return templates.get(file)!;
}

/** The options node-red-dashboard 3's addWidget takes (the subset the cards use). */
export interface ClassicWidget {
  node: Node;
  group: string;
  order: number;
  width: number;
  height: number;
  format: string;
  templateScope?: 'local';
  emitOnlyNewValues?: boolean;
  forwardInputMessages?: boolean;
  storeFrontEndInputAsState?: boolean;
  persistantFrontEndValue?: boolean;
  convert?: (payload: unknown, old: unknown, msg: Record<string, unknown>) => unknown;
  beforeEmit?: (msg: Record<string, unknown>, value: unknown) => unknown;
  beforeSend?: (msg: Record<string, unknown>, original?: Record<string, unknown>) => unknown;
  initController?: (...args: unknown[]) => void;
}

/**
 * Adds a widget to the classic dashboard; returns the function that removes it on close. Throws a CivicError
 * when node-red-dashboard is not installed or the group does not exist.
 */
export function addClassicWidget(RED: NodeAPI, options: ClassicWidget): () => void {
  let api: { addWidget(o: ClassicWidget): (() => void) | undefined };
  try {
    api = (RED as unknown as { require(id: string): (red: NodeAPI) => typeof api }).require('node-red-dashboard')(RED);
  } catch {
    throw new CivicError('shared.cards.errors.noDashboard', { pkg: 'node-red-dashboard' }, 'node-red-dashboard is not installed');
  }
  const group = options.group ? RED.nodes.getNode(options.group) : null;
  if (!group) throw new CivicError('shared.cards.errors.noGroup', {}, 'choose the dashboard group the card is shown in');
  const done = api.addWidget({ templateScope: 'local', ...options });
  if (typeof done !== 'function') throw new CivicError('shared.cards.errors.noGroup', {}, 'choose the dashboard group the card is shown in');
  return done;
}

/** Columns of a classic dashboard group (6 when it cannot be read). */
export function groupWidth(RED: NodeAPI, groupId: string): number {
  const group = groupId ? (RED.nodes.getNode(groupId) as unknown as { config?: { width?: unknown } } | null) : null;
  return Number(group?.config?.width) || 6;
}

/**
 * Width and height of a classic card: 0 means the group's width, and a height that fits the expected contents
 * (`autoRows`), because the classic dashboard measures a widget only once.
 */
export function classicSize(RED: NodeAPI, config: { group: string; width: number; height: number }, autoRows: number): { width: number; height: number } {
  return { width: config.width || groupWidth(RED, config.group), height: config.height || autoRows };
}

/** Hooks Dashboard 2.0 calls on a widget (the subset the cards use). */
export interface D2Events {
  /** an input message before it goes to the browsers; return null to send nothing */
  beforeSend?: (msg: Record<string, unknown>) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>;
  /** a message the widget sent from the browser (replaces Dashboard 2.0's default, which would store it) */
  onSend?: (msg: Record<string, unknown>) => void | Promise<void>;
}

interface D2Owner { register(...args: unknown[]): void }

/**
 * Registers a widget with Dashboard 2.0: with its ui-group (`owner: 'group'`) or, for a toast shown on every page,
 * its ui-base (`owner: 'base'`). Throws a CivicError when the config node is missing or is not a Dashboard 2.0 one
 * (the package is not installed).
 */
export function registerD2Widget(RED: NodeAPI, node: Node, owner: 'group' | 'base', ownerId: string,
  config: Record<string, unknown>, events: D2Events): void {
  const target = ownerId ? (RED.nodes.getNode(ownerId) as unknown as D2Owner | null) : null;
  if (!target) throw new CivicError('shared.cards.errors.noGroup', {}, 'choose the dashboard group the card is shown in');
  if (typeof target.register !== 'function') {
    throw new CivicError('shared.cards.errors.noDashboard', { pkg: '@flowfuse/node-red-dashboard' }, '@flowfuse/node-red-dashboard is not installed');
  }
  if (owner === 'group') target.register(node, config, events);
  else target.register(null, null, node, config, events);
}

/** The input property of a card (typedInput: msg, flow or global). */
export interface CardInput { property: string; propertyType: 'msg' | 'flow' | 'global' }

/** A message a card sends itself after a restart so that the restored contents reach the dashboard. */
export const REFRESH_TOPIC = 'civic-card-refresh';

/**
 * Runs a card's core on one input: reads the property, applies it, keeps the state in node context, sets the
 * status. A bad input gets a red status and a translated error, and the card keeps what it showed: with
 * `onError: 'throw'` the error is thrown (Dashboard 2.0 then ends the message with done(err)); with 'log' it is
 * reported with the message (node-red-dashboard 3's handler has no done) and false is returned. Either way a Catch
 * node receives it.
 */
export function applyCardInput(RED: NodeAPI, node: Node, input: CardInput, msg: Record<string, unknown>,
  apply: (value: unknown) => string, snapshot: () => unknown, onError: 'log' | 'throw' = 'log'): boolean {
  if (msg.topic === REFRESH_TOPIC) return true;
  try {
    const status = apply(RED.util.evaluateNodeProperty(input.property, input.propertyType, node, msg as never));
    node.context().set('card', snapshot());
    node.status({ fill: 'green', shape: 'dot', text: status });
    return true;
  } catch (err) {
    const e = translateError(RED, err);
    node.status({ fill: 'red', shape: 'ring', text: RED._('shared.cards.status.badInput') });
    if (onError === 'throw') throw e;
    node.error(e, msg as never);
    return false;
  }
}

/** Shows why a card cannot be shown (its dashboard or group is missing): red status and a translated error. */
export function refuseCard(RED: NodeAPI, node: Node, err: unknown): void {
  node.status({ fill: 'red', shape: 'ring', text: RED._('shared.cards.status.notShown') });
  node.error(translateError(RED, err).message);
}
