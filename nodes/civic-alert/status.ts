// The node's status: whole words from the catalog, only the parts that say something ("2 firing · 1 open",
// "no alerts · 2 values skipped", "no rules"), never cut: when the parts do not fit the status width, the least
// important ones are left out whole (values skipped, then muted, then open alerts).
import type { NodeAPI, NodeStatus } from 'node-red';
import type { AlertEngine } from '../../lib/alerts';
import { STATUS_WIDTH, statusWidth } from '../../node-kit';

/** The status for the engine's current state. */
export function alertStatus(RED: NodeAPI, engine: AlertEngine, mailFailed: boolean): NodeStatus {
  const t = (key: string, n?: number) => RED._(`civic-alert.status.${key}`, n === undefined ? {} : { n: String(n) });
  if (engine.rules.length === 0) return { fill: 'yellow', shape: 'ring', text: t('noRules') };
  const { firing, open, muting } = engine.counts();
  // [text, importance]: higher stays longer
  const parts: Array<[string, number]> = [[firing ? t('firing', firing) : open ? '' : t('ok'), 5]];
  if (open > firing) parts.push([t('open', open - firing), 2]);
  if (engine.warnings) parts.push([t('skipped', engine.warnings), 0]);
  if (muting) parts.push([t('muted'), 1]);
  if (mailFailed) parts.push([t('mailFailed'), 4]);
  let shown = parts.filter(([text]) => text);
  const join = () => shown.map(([text]) => text).join(' · ');
  while (shown.length > 1 && statusWidth(join()) > STATUS_WIDTH) {
    const least = Math.min(...shown.map(([, importance]) => importance));
    shown = shown.filter(([, importance]) => importance !== least);
  }
  const fill = firing || mailFailed ? 'red' : engine.warnings || muting ? 'yellow' : 'green';
  return { fill, shape: open ? 'dot' : 'ring', text: join() };
}
