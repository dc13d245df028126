// The node's status: whole words from the catalog, only the parts that say something ("2 firing · 1 open",
// "no alerts · 2 values skipped", "no rules"), never cut.
import type { NodeAPI, NodeStatus } from 'node-red';
import type { AlertEngine } from '../../lib/alerts';

/** The status for the engine's current state. */
export function alertStatus(RED: NodeAPI, engine: AlertEngine, mailFailed: boolean): NodeStatus {
  const t = (key: string, n?: number) => RED._(`civic-alert.status.${key}`, n === undefined ? {} : { n: String(n) });
  if (engine.rules.length === 0) return { fill: 'yellow', shape: 'ring', text: t('noRules') };
  const { firing, open, muting } = engine.counts();
  const parts = [firing ? t('firing', firing) : open ? '' : t('ok')];
  if (open > firing) parts.push(t('open', open - firing));
  if (engine.warnings) parts.push(t('skipped', engine.warnings));
  if (muting) parts.push(t('muted'));
  if (mailFailed) parts.push(t('mailFailed'));
  const fill = firing || mailFailed ? 'red' : engine.warnings || muting ? 'yellow' : 'green';
  return { fill, shape: open ? 'dot' : 'ring', text: parts.filter(Boolean).join(' · ') };
}
