// civic-d2-alert-list: the alert list on Dashboard 2.0 (/dashboard): civic-alert's active alerts (its table, or
// single events), most severe first, with an acknowledge button per alert and "acknowledge all"; a tap leaves the
// output as the acknowledgement civic-alert takes (wire it back to civic-alert's input). Rendered by Dashboard
// 2.0's ui-template component with this pack's Vue template (resources/cards/alert-list.vue).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { AlertList, type CardLang } from '../../lib/cards';
import { readConfig } from '../../node-kit';
import { applyCardInput, cardTemplate, refuseCard, registerD2Widget, REFRESH_TOPIC, type CardInput } from '../../node-kit/dashboards';

interface Config extends CardInput { group: string; lang: CardLang; house: string; ackAll: boolean }

export = function register(RED: NodeAPI) {
  function AlertListNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-d2-alert-list', def);
    if (!config) return;
    const node = this;
    const list = new AlertList({ lang: config.lang, house: config.house });
    list.restore(node.context().get('card'));
    const view = () => list.view(config.ackAll);
    try {
      registerD2Widget(RED, node, 'group', config.group,
        { ...def, type: 'ui-template', templateScope: 'local', format: cardTemplate('alert-list.vue'), passthru: false }, {
          beforeSend: (msg) => (applyCardInput(RED, node, config, msg, (value) => {
            list.update(value);
            return RED._('civic-d2-alert-list.status.shown', { count: list.rows().length });
          }, () => list.snapshot(), 'throw') ? { topic: 'alert-list', payload: view() } : null),
          // a tap in the browser: only an alert this list shows can be acknowledged (the page may be stale or forged)
          onSend: (sent) => {
            const ack = list.ackFor(sent);
            if (ack) node.send(ack);
          },
        });
      setImmediate(() => node.receive({ topic: REFRESH_TOPIC }));
    } catch (err) {
      refuseCard(RED, node, err);
    }
  }
  RED.nodes.registerType('civic-d2-alert-list', AlertListNode);
};
