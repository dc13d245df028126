// civic-ui-alert-toast: a toast on the classic dashboard (node-red-dashboard 3, /ui) for each alert event of the
// chosen states (firing and no-data by default), coloured by severity, with civic-alert's own message. It pops up
// on the page of the group it is placed in (node-red-dashboard 3 gives installable widgets no page-wide toast).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { toastFor, type AlertState, type CardLang } from '../../lib/cards';
import { readConfig } from '../../node-kit';
import { addClassicWidget, applyCardInput, cardTemplate, refuseCard, type CardInput } from '../../node-kit/dashboards';

interface Config extends CardInput { group: string; order: number; lang: CardLang; states: AlertState[]; position: string; seconds: number }

/**
 * Runs in the browser (node-red-dashboard evaluates it in the widget's scope): shows each new toast once, with the
 * dashboard's own toast layout (title, message and a border in the severity's colour, as its ui_toast node shows
 * them). That layout renders the message as HTML, so the text is escaped first, as ui_toast does.
 */
function showToasts(scope: { $new(): Record<string, unknown>; $watch(expr: string, fn: (msg: any) => void): void }): void {
  const shown: Record<string, boolean> = {};
  scope.$watch('msg', (msg) => {
    const p = msg && msg.payload;
    if (!p || !p.toast || shown[p.seq]) return;
    shown[p.seq] = true;
    const escape = document.createElement('div');
    escape.textContent = p.toast.text;
    const toastScope = scope.$new();
    toastScope.toast = { title: p.toast.title, message: escape.innerHTML, highlight: p.toast.color };
    (globalThis as any).angular.element(document.body).injector().get('$mdToast').show({
      scope: toastScope, templateUrl: 'partials/toast.html', hideDelay: p.ms, position: p.position, toastClass: 'civic-alert-toast',
    });
  });
}

export = function register(RED: NodeAPI) {
  function AlertToastNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-ui-alert-toast', def);
    if (!config) return;
    const node = this;
    let seq = 0;
    try {
      const remove = addClassicWidget(RED, {
        node, group: config.group, order: config.order, width: 1, height: 1, format: cardTemplate('alert-toast.classic.html'),
        emitOnlyNewValues: false, forwardInputMessages: false, storeFrontEndInputAsState: false,
        // a page opened later must not show old toasts again
        persistantFrontEndValue: false,
        convert: (_payload, _old, msg) => {
          let toast: ReturnType<typeof toastFor>;
          const ok = applyCardInput(RED, node, config, msg, (value) => {
            toast = toastFor(value, { states: config.states, lang: config.lang });
            return RED._(`civic-ui-alert-toast.status.${toast ? 'shown' : 'skipped'}`);
          }, () => undefined);
          return ok && toast ? { toast, seq: `${node.id}-${++seq}-${Date.now()}`, position: config.position, ms: config.seconds * 1000 } : {};
        },
        beforeEmit: (_msg, value) => ({ msg: { payload: value } }),
        initController: showToasts as (...args: unknown[]) => void,
      });
      node.on('close', remove);
    } catch (err) {
      refuseCard(RED, node, err);
    }
  }
  RED.nodes.registerType('civic-ui-alert-toast', AlertToastNode);
};
