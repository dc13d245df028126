// civic-risk-model: logistic regression of an outcome (e.g. care-need certification within 3 years) on chosen
// predictors over an array of records (civic-store-query's person-level dataset): coefficients, odds ratios, SEs,
// CIs, AUC and a plain-Japanese reading of the top factors and of "what helps". The fit runs in a worker thread
// with a time limit.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { designFrom, fitLogistic, readModel, runTask, type LogisticFit, type Predictor } from '../../lib/analysis';

/** Design-matrix cells up to which a fit runs in place (well under 10 ms). */
const SMALL_FIT = 20000;
import { CivicError } from '../../lib/errors';
import { fail, readConfig, type Done, type Send } from '../../node-kit';

interface RiskConfig { outcome: string; outcomeText: string; predictors: Predictor[]; level: number; top: number; minEvents: number; timeoutSeconds: number }

export = function register(RED: NodeAPI) {
  function RiskModelNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<RiskConfig>(RED, this, 'civic-risk-model', def);
    if (!config) return;
    const predictors = config.predictors.map((p) => ({ ...p, label: p.label || p.field }));
    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      (async () => {
        if (!Array.isArray(msg.payload)) throw new CivicError('civic-risk-model.errors.payload', {}, 'msg.payload must be an array of records');
        const rows = msg.payload as Record<string, unknown>[];
        const present = new Set(rows.slice(0, 1000).flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])));
        const missing = [config.outcome, ...predictors.map((p) => p.field)].filter((f) => !present.has(f)).length;
        if (missing) throw new CivicError('civic-risk-model.errors.unknownFields', { count: missing }, `${missing} chosen field(s) are not in the records`);
        const { X, y, dropped } = designFrom(rows, predictors, config.outcome);
        const events = y.filter((v) => v === 1).length;
        if (events < config.minEvents || y.length - events < config.minEvents) {
          throw new CivicError('civic-risk-model.errors.tooFew', { n: y.length, events, parameters: predictors.length + 1 }, 'too few events');
        }
        const options = { names: predictors.map((p) => p.field), level: config.level };
        // a small fit (a few ms) runs here; anything larger in a worker thread, so no flow waits for it
        const fit = X.length * (predictors.length + 1) <= SMALL_FIT ? fitLogistic(X, y, options)
          : await runTask<LogisticFit>('fitLogistic', { rows: X, y, options }, config.timeoutSeconds * 1000,
            new CivicError('civic-risk-model.errors.timeout', { seconds: config.timeoutSeconds }, 'the fit took too long'));
        return { fit, dropped };
      })().then(({ fit, dropped }) => {
        const reading = readModel(fit, predictors, config.outcomeText, config.top);
        const labels = ['(切片)', ...predictors.map((p) => p.label)];
        msg.payload = { kind: 'risk-model', outcome: config.outcome, n: fit.n, events: fit.events, excluded: dropped, auc: fit.auc,
          converged: fit.converged, separation: fit.separation, level: fit.level, logLik: fit.logLik, nullLogLik: fit.nullLogLik,
          coefficients: fit.coefficients.map((c, i) => ({ ...c, label: labels[i] })), reading };
        send(msg);
        this.status({ fill: fit.separation ? 'yellow' : 'green', shape: 'dot', text: RED._('civic-risk-model.status.done', { n: fit.n, auc: fit.auc.toFixed(2) }) });
        if (fit.separation) this.warn(RED._('civic-risk-model.errors.separation'));
        done();
      }, (err: unknown) => {
        delete msg.payload;
        fail(RED, this, done, err);
      });
    });
  }
  RED.nodes.registerType('civic-risk-model', RiskModelNode);
};
