// health-expectancy: builds an abridged life table with Sullivan healthy life expectancy from a table of age
// groups (one message per sex) and sends the table (output 1) and KPI value messages at chosen ages (output 2).
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { lifeTable, rowsFromObjects, kpiValues, normaliseSex, KDB_INDEPENDENT_LIFE, toEpoch, fiscalYear,
  type LifeTableOptions } from '../../lib/kpi';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, type Done, type Send } from '../../node-kit';

interface Config {
  preset: 'custom' | 'kdb'; a: number; a0: number | string; infant: 'fixed' | 'a'; radix: number; ages: string;
  sex: 'msg' | 'male' | 'female' | 'total'; hleKpi: string; leKpi: string; decimals: number;
  ageField: string; populationField: string; deathsField: string; unhealthyField: string; prevalenceField: string; surveySizeField: string;
}
type InMsg = NodeMessageInFlow & { sex?: unknown; asOf?: unknown; timestamp?: unknown; fiscalYear?: unknown };

export = function register(RED: NodeAPI) {
  function HealthExpectancyNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<Config>(RED, this, 'civic-health-expectancy', def);
    if (!config) return;
    const a0 = config.a0 === '' || config.a0 === undefined ? undefined : Number(config.a0);
    if (a0 !== undefined && !(a0 >= 0 && a0 <= 1)) {
      fail(RED, this, () => {}, new CivicError('shared.schema.maximum', { field: 'a0', limit: 1 }));
      return;
    }
    const registry = config.preset === 'kdb';
    const options: LifeTableOptions = registry ? { ...KDB_INDEPENDENT_LIFE.options, radix: config.radix }
      : { a: config.a, a0, infant: config.infant, radix: config.radix };
    const fields = {
      age: config.ageField, population: config.populationField, deaths: config.deathsField,
      unhealthy: config.unhealthyField, prevalence: config.prevalenceField, surveySize: config.surveySizeField,
    };
    const ages = config.ages.split(',').map((s) => Number(s.trim()));

    this.on('input', (msg: InMsg, send: Send, done: Done) => {
      try {
        const at = toEpoch(msg.asOf) ?? toEpoch(msg.timestamp) ?? Date.now();
        // only numbers and numeric text: Number() of an arbitrary object can throw (no usable toString/valueOf)
        const fyIn = typeof msg.fiscalYear === 'number' || typeof msg.fiscalYear === 'string' ? Number(msg.fiscalYear) : NaN;
        const fy = Number.isInteger(fyIn) ? fyIn : fiscalYear(at);
        // one table per message, or { male: [...], female: [...] } for both sexes at once
        const tables: Array<[string, unknown]> = Array.isArray(msg.payload)
          ? [[config.sex === 'msg' ? normaliseSex(msg.sex ?? msg.topic) : config.sex, msg.payload]]
          : msg.payload && typeof msg.payload === 'object'
            ? Object.entries(msg.payload as Record<string, unknown>).map(([k, v]) => [normaliseSex(k), v])
            : [];
        if (!tables.length) throw new CivicError('civic-health-expectancy.errors.noRows', {}, 'msg.payload must be an array of rows');
        const kpis: NodeMessageInFlow[] = [];
        const results = tables.map(([sex, rows]) => {
          const table = lifeTable(rowsFromObjects(rows as unknown[], fields, registry), options);
          const values = kpiValues(table, { ages, sex, hleKpi: config.hleKpi, leKpi: config.leKpi, decimals: config.decimals,
            asOf: new Date(at).toISOString(), fiscalYear: fy });
          for (const v of values) kpis.push({ topic: v.kpi as string, payload: v } as NodeMessageInFlow);
          return { sex, table, e0: table[0].e, hle0: table[0].hle };
        });
        const first = results[0];
        send([
          results.length === 1
            ? Object.assign(msg, { topic: first.sex, sex: first.sex, payload: first.table, fiscalYear: fy })
            : Object.assign(msg, { topic: 'life-table', payload: Object.fromEntries(results.map((r) => [r.sex, r.table])), fiscalYear: fy }),
          kpis,
        ]);
        const hle = first.hle0 === null ? '' : ` / ${first.hle0.toFixed(1)}`;
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-health-expectancy.status.done', { sex: first.sex, value: `${first.e0.toFixed(1)}${hle}` }) });
        done();
      } catch (err) {
        fail(RED, this, done, err);
      }
    });
  }
  RED.nodes.registerType('civic-health-expectancy', HealthExpectancyNode);
};
