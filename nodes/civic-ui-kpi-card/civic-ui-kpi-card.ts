// civic-ui-kpi-card: the KPI card on the classic dashboard (node-red-dashboard 3, /ui): one big-number tile per KPI
// from KPI value messages or kpi-progress's board, with grade, progress bar and confidence interval (lib/cards).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { KpiCards, kpiCardRows, type CardLang, type KpiCardRow } from '../../lib/cards';
import { readConfig } from '../../node-kit';
import { addClassicWidget, classicSize, groupWidth, applyCardInput, cardTemplate, refuseCard, REFRESH_TOPIC, type CardInput } from '../../node-kit/dashboards';

interface Config extends CardInput { group: string; order: number; width: number; height: number; lang: CardLang; rows: KpiCardRow[] }

export = function register(RED: NodeAPI) {
  function KpiCardNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-ui-kpi-card', def);
    if (!config) return;
    const node = this;
    const cards = new KpiCards({ rows: config.rows, lang: config.lang });
    cards.restore(node.context().get('card'));
    try {
      const remove = addClassicWidget(RED, {
        node, group: config.group, order: config.order, ...classicSize(RED, config, kpiCardRows(config.rows.length, config.width || groupWidth(RED, config.group))),
        format: cardTemplate('kpi-card.classic.html'), emitOnlyNewValues: false, forwardInputMessages: false,
        storeFrontEndInputAsState: false,
        convert: (_payload, old, msg) => (applyCardInput(RED, node, config, msg,
          (value) => RED._('civic-ui-kpi-card.status.shown', { count: cards.update(value) }), () => cards.snapshot()) ? cards.view() : old),
        beforeEmit: (_msg, value) => ({ msg: { payload: value } }),
      });
      node.on('close', remove);
      // tiles kept from before a restart reach the dashboard without waiting for the next value
      setImmediate(() => node.receive({ topic: REFRESH_TOPIC }));
    } catch (err) {
      refuseCard(RED, node, err);
    }
  }
  RED.nodes.registerType('civic-ui-kpi-card', KpiCardNode);
};
