// civic-d2-alert-toast: a notification on every page of a Dashboard 2.0 (/dashboard) for each alert event of the
// chosen states (firing and no-data by default), coloured by severity, with civic-alert's own message. Rendered by
// Dashboard 2.0's ui-notification component, registered with the ui-base so that it shows on every page.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { textsFor, toastFor, type AlertState, type CardLang } from '../../lib/cards';
import { readConfig } from '../../node-kit';
import { applyCardInput, refuseCard, registerD2Widget, type CardInput } from '../../node-kit/dashboards';

interface Config extends CardInput { ui: string; lang: CardLang; states: AlertState[]; position: string; seconds: number }

export = function register(RED: NodeAPI) {
  function AlertToastNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-d2-alert-toast', def);
    if (!config) return;
    const node = this;
    try {
      registerD2Widget(RED, node, 'base', config.ui, {
        ...def, type: 'ui-notification', position: config.position, displayTime: config.seconds, showCountdown: true,
        allowDismiss: true, dismissText: textsFor(config.lang).close, allowConfirm: false, confirmText: '', raw: false,
        colorDefault: false, color: '#c62828', className: '',
      }, {
        beforeSend: (msg) => {
          let toast: ReturnType<typeof toastFor>;
          const ok = applyCardInput(RED, node, config, msg, (value) => {
            toast = toastFor(value, { states: config.states, lang: config.lang });
            return RED._(`civic-d2-alert-toast.status.${toast ? 'shown' : 'skipped'}`);
          }, () => undefined, 'throw');
          if (!ok || !toast) return null;
          return { topic: msg.topic, payload: `${toast.title}: ${toast.text}`, ui_update: { color: toast.color } };
        },
      });
    } catch (err) {
      refuseCard(RED, node, err);
    }
  }
  RED.nodes.registerType('civic-d2-alert-toast', AlertToastNode);
};
