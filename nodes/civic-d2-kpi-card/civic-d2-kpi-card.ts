// civic-d2-kpi-card: the KPI card on Dashboard 2.0 (/dashboard): one big-number tile per KPI from KPI value
// messages or kpi-progress's board, with grade, progress bar and confidence interval (lib/cards). Rendered by
// Dashboard 2.0's ui-template component with this pack's Vue template (resources/cards/kpi-card.vue).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { KpiCards, type CardLang, type KpiCardRow } from '../../lib/cards';
import { readConfig } from '../../node-kit';
import { applyCardInput, cardTemplate, refuseCard, registerD2Widget, REFRESH_TOPIC, type CardInput } from '../../node-kit/dashboards';

interface Config extends CardInput { group: string; lang: CardLang; rows: KpiCardRow[] }

export = function register(RED: NodeAPI) {
  function KpiCardNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-d2-kpi-card', def);
    if (!config) return;
    const node = this;
    const cards = new KpiCards({ rows: config.rows, lang: config.lang });
    cards.restore(node.context().get('card'));
    try {
      registerD2Widget(RED, node, 'group', config.group,
        { ...def, type: 'ui-template', templateScope: 'local', format: cardTemplate('kpi-card.vue'), passthru: false }, {
          beforeSend: (msg) => {
            const ok = applyCardInput(RED, node, config, msg,
              (value) => RED._('civic-d2-kpi-card.status.shown', { count: cards.update(value) }), () => cards.snapshot(), 'throw');
            // the whole card: Dashboard 2.0 keeps the last message for pages opened later
            return ok ? { topic: 'kpi-card', payload: cards.view() } : null;
          },
          onSend: () => undefined,
        });
      setImmediate(() => node.receive({ topic: REFRESH_TOPIC }));
    } catch (err) {
      refuseCard(RED, node, err);
    }
  }
  RED.nodes.registerType('civic-d2-kpi-card', KpiCardNode);
};
