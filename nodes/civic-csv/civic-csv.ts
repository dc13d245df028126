// civic-csv: reads a CSV file's bytes (UTF-8 or Shift_JIS/CP932, detected and reported) into rows. A row that
// fails goes to the error path with its row number only — never its content.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { csvRows, decodeBytes, toRecord, type CsvEncoding } from '../../lib/csv';
import { CivicError } from '../../lib/errors';
import { fail, readConfig, translateError, type Done, type Send } from '../../node-kit';

interface CivicCsvConfig { encoding: 'auto' | CsvEncoding; header: boolean; delimiter: string; trim: boolean; output: 'array' | 'rows' }

export = function register(RED: NodeAPI) {
  function CivicCsvNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<CivicCsvConfig>(RED, this, 'civic-csv', def);
    if (!config) return;

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      try {
        const p = msg.payload;
        let decoded;
        if (Buffer.isBuffer(p) || p instanceof Uint8Array) decoded = decodeBytes(p, config.encoding);
        else if (typeof p === 'string') decoded = { text: p, encoding: 'utf-8' as const, bom: false, detected: false };
        else throw new CivicError('civic-csv.errors.payload', { type: typeof p }, 'msg.payload must be a Buffer or a string');
        const reportError = (err: CivicError, row: number) =>
          this.error(translateError(RED, err).message, { _msgid: msg._msgid, topic: msg.topic, rowNumber: row } as never);
        let columns: string[] | undefined;
        const rows: unknown[] = [];
        const rowNumbers: number[] = [];
        let errors = 0;
        for (const r of csvRows(decoded.text, { delimiter: config.delimiter, trim: config.trim })) {
          if ('error' in r) { errors++; reportError(r.error, r.row); continue; }
          if (config.header && !columns) { columns = r.values.map((c) => c.trim()); continue; }
          const rec = toRecord(r, columns);
          if (rec instanceof CivicError) { errors++; reportError(rec, r.row); continue; }
          rows.push(rec);
          rowNumbers.push(r.row);
        }
        const csv = { encoding: decoded.encoding, bom: decoded.bom, detected: decoded.detected, columns, rows: rows.length, errors };
        if (config.output === 'rows') {
          rows.forEach((rec, i) => {
            const out = { ...msg, payload: rec, rowNumber: rowNumbers[i], encoding: decoded.encoding, csv,
              parts: { id: msg._msgid, index: i, count: rows.length, type: 'array' } } as Record<string, unknown>;
            if (i === rows.length - 1) out.complete = true;
            send(out as never);
          });
          if (!rows.length) send({ ...msg, payload: undefined, complete: true, encoding: decoded.encoding, csv } as never);
        } else {
          Object.assign(msg, { payload: rows, encoding: decoded.encoding, csv });
          send(msg);
        }
        this.status({ fill: errors ? 'yellow' : 'green', shape: 'dot',
          text: RED._('civic-csv.status.done', { encoding: decoded.encoding, rows: rows.length, errors }) });
        done();
      } catch (err) {
        delete msg.payload; // Catch nodes get the error, never the records
        fail(RED, this, done, err);
      }
    });
  }
  RED.nodes.registerType('civic-csv', CivicCsvNode);
};
