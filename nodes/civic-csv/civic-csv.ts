// civic-csv: reads a CSV file's bytes (UTF-8 or Shift_JIS/CP932, detected and reported) into records. Fails
// closed: a header that is not the declared one or that looks like data is refused before any record goes out;
// a row with the wrong number of fields is quarantined and reported by its row number only — never its content.
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { CsvRecordReader, columnList, type CsvReadOptions } from '../../lib/privacy/csv-records';
import { failureStatus } from '../../lib/privacy/shape';
import type { CsvEncoding } from '../../lib/csv';
import { fail, readConfig, translateError, type Done, type Send } from '../../node-kit';

interface CivicCsvConfig {
  encoding: 'auto' | CsvEncoding; header: boolean; columns: string; extraColumns: 'refuse' | 'allow'; delimiter: string;
  trim: boolean; output: 'array' | 'rows'; property: string; outputProperty: string;
}

const SLICE = 5000;          // rows read between two turns of the event loop
const MAX_LISTED = 200;      // quarantined row numbers listed in msg.csv

export = function register(RED: NodeAPI) {
  function CivicCsvNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<CivicCsvConfig>(RED, this, 'civic-csv', def);
    if (!config) return;
    const options: CsvReadOptions = { encoding: config.encoding, delimiter: config.delimiter, trim: config.trim,
      header: config.header, columns: columnList(config.columns), extraColumns: config.extraColumns };
    let closing = false;

    const emit = (msg: NodeMessageInFlow, send: Send, reader: CsvRecordReader) => {
      const quarantinedRows = reader.quarantined.slice(0, MAX_LISTED).map((q) => q.row);
      const csv = { encoding: reader.encoding, bom: reader.bom, detected: reader.detected, columns: reader.columns,
        rows: reader.records.length, errors: reader.quarantined.length, quarantined: reader.quarantined.length, quarantinedRows };
      const base = { encoding: reader.encoding, csv };
      if (config.output === 'array') {
        RED.util.setMessageProperty(msg, config.outputProperty, reader.records, true);
        // each record's row in the file, so later nodes name the row staff see in a spreadsheet
        send(Object.assign(msg, base, { rowNumbers: reader.rowNumbers }));
        return;
      }
      const n = reader.records.length;
      reader.records.forEach((rec, i) => {
        const out = { ...msg, ...base, rowNumber: reader.rowNumbers[i], parts: { id: msg._msgid, index: i, count: n, type: 'array' } } as NodeMessageInFlow;
        RED.util.setMessageProperty(out, config.outputProperty, rec, true);
        if (i === n - 1) (out as { complete?: boolean }).complete = true;
        send(out);
      });
      if (!n) send({ ...msg, ...base, payload: undefined, complete: true } as never);
    };

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      const run = async () => {
        const reader = new CsvRecordReader(RED.util.getMessageProperty(msg, config.property), options);
        while (!reader.done && !closing) {
          reader.read(SLICE);
          if (!reader.done) await new Promise((r) => setImmediate(r));
        }
        if (closing) return done();
        for (const q of reader.quarantined) {
          this.error(translateError(RED, q.error).message, { _msgid: msg._msgid, topic: msg.topic, rowNumber: q.row } as never);
        }
        emit(msg, send, reader);
        this.status({ fill: reader.quarantined.length ? 'yellow' : 'green', shape: 'dot',
          text: RED._('civic-csv.status.done', { encoding: reader.encoding, rows: reader.records.length, errors: reader.quarantined.length }) });
        done();
      };
      run().catch((err) => {
        RED.util.setMessageProperty(msg, config.property, undefined); // Catch nodes get the error, never the file
        fail(RED, this, done, err);
        this.status({ fill: 'red', shape: 'dot', text: RED._(failureStatus(err, 'civic-csv')) }); // short, never cut mid-word
      });
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => { closing = true; closeDone(); });
  }
  RED.nodes.registerType('civic-csv', CivicCsvNode);
};
