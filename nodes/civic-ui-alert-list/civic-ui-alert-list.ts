// civic-ui-alert-list: the alert list on the classic dashboard (node-red-dashboard 3, /ui): civic-alert's active
// alerts (its table, or single events), most severe first, with an acknowledge button per alert and "acknowledge
// all"; a tap leaves the output as the acknowledgement civic-alert takes (wire it back to civic-alert's input).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { ALERT_LIST_ROWS, AlertList, type CardLang } from '../../lib/cards';
import { readConfig } from '../../node-kit';
import { addClassicWidget, classicSize, applyCardInput, cardTemplate, refuseCard, REFRESH_TOPIC, type CardInput } from '../../node-kit/dashboards';

interface Config extends CardInput { group: string; order: number; width: number; height: number; lang: CardLang; house: string; ackAll: boolean }

export = function register(RED: NodeAPI) {
  function AlertListNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-ui-alert-list', def);
    if (!config) return;
    const node = this;
    const list = new AlertList({ lang: config.lang, house: config.house });
    list.restore(node.context().get('card'));
    const view = () => list.view(config.ackAll);
    try {
      const remove = addClassicWidget(RED, {
        node, group: config.group, order: config.order, ...classicSize(RED, config, ALERT_LIST_ROWS),
        format: cardTemplate('alert-list.classic.html'), emitOnlyNewValues: false, forwardInputMessages: false,
        storeFrontEndInputAsState: false,
        convert: (_payload, old, msg) => (applyCardInput(RED, node, config, msg, (value) => {
          list.update(value);
          return RED._('civic-ui-alert-list.status.shown', { count: list.rows().length });
        }, () => list.snapshot()) ? view() : old),
        beforeEmit: (_msg, value) => ({ msg: { payload: value } }),
        // a tap in the browser: only an alert this list shows can be acknowledged (the page may be stale or forged)
        beforeSend: (_msg, original) => {
          const ack = list.ackFor(original?.msg);
          if (!ack && original) original._dontSend = true;
          return ack;
        },
      });
      node.on('close', remove);
      setImmediate(() => node.receive({ topic: REFRESH_TOPIC }));
    } catch (err) {
      refuseCard(RED, node, err);
    }
  }
  RED.nodes.registerType('civic-ui-alert-list', AlertListNode);
};
