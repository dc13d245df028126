// formula: derived metrics on readings without code. Each rule of the dialog's table (a·x + b, a − x, x − y, sum,
// ratio, percentage, unit conversion, rounding) adds one named metric with its unit to the reading; a rule whose
// metric is missing is skipped with a warning in msg.meta.warnings, so one device without a sensor stops nothing.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { applyRules, compileRules, type CompiledRule, type FormulaRule } from '../../lib/formula';
import { CivicError, isCivicError } from '../../lib/errors';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface Config { property: string; rules: FormulaRule[] }
type InMsg = NodeMessageInFlow & { units?: Record<string, unknown>; meta?: { warnings?: unknown } & Record<string, unknown> };

export = function register(RED: NodeAPI) {
  function FormulaNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-formula', def);
    if (!config) return;
    let rules: CompiledRule[];
    try {
      rules = compileRules(config.rules);
    } catch (err) {
      // the field of a bad rule is ours ("conversion"): show the dialog's word for it
      refuseConfig(RED, this, isCivicError(err) && typeof err.params.field === 'string'
        ? new CivicError(err.key, { ...err.params, field: RED._(`civic-formula.field.${err.params.field}`) }, err.message) : err);
      return;
    }
    let lastStatus = '';

    this.on('input', (msg: InMsg, send: Send, done: Done) => {
      try {
        const payload = RED.util.getMessageProperty(msg, config.property) as unknown;
        if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
          throw new CivicError('civic-formula.errors.notReading', { field: config.property }, 'the input must be a reading (an object of numbers)');
        }
        const units = msg.units && typeof msg.units === 'object' ? msg.units : {};
        const result = applyRules(rules, payload as Record<string, unknown>, units);
        Object.assign(payload, result.values);
        if (Object.keys(result.units).length) msg.units = { ...units, ...result.units };
        if (result.skipped.length) {
          const texts = result.skipped.map((s) => RED._(`civic-formula.warnings.${s.reason}`, { rule: s.rule, metric: s.metric ?? '' }));
          const meta = (msg.meta && typeof msg.meta === 'object' ? msg.meta : (msg.meta = {}));
          meta.warnings = [...(Array.isArray(meta.warnings) ? meta.warnings : []), ...texts];
        }
        send(msg);
        // status only when it changes: a busy sensor should not repaint the editor on every reading
        const text = result.skipped.length ? RED._('civic-formula.status.skipped', { count: result.skipped.length })
          : RED._('civic-formula.status.ok', { count: Object.keys(result.values).length });
        if (text !== lastStatus) {
          lastStatus = text;
          this.status({ fill: result.skipped.length ? 'yellow' : 'green', shape: result.skipped.length ? 'ring' : 'dot', text });
        }
        done();
      } catch (err) {
        lastStatus = '';
        fail(RED, this, done, err);
      }
    });
  }
  RED.nodes.registerType('civic-formula', FormulaNode);
};
