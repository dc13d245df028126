// civic-file-save: the `file` node's job (msg.payload → a file) done so that a reader of the folder never sees half a
// file and a full disk never leaves a broken one: lib/storage/atomic-file does the work; names from messages stay
// inside the base folder. Status shows a count or the kind of error, never a file name (names are built from data).
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { saveFile, type FileEncoding, type IfExists, type Unmappable } from '../../lib/storage/atomic-file';
import { CivicError } from '../../lib/errors';
import { expandEnv, fail, readConfig, refuseConfig, statusText, type Done, type Send } from '../../node-kit';

interface FileSaveConfig { folder: string; filename: string; encoding: FileEncoding; createDir: boolean; ifExists: IfExists; unmappable: Unmappable }

export = function register(RED: NodeAPI) {
  function FileSaveNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<FileSaveConfig>(RED, this, 'civic-file-save', def);
    if (!config) return;
    // the base folder: Node-RED's working directory as the core file nodes use it, or the configured folder
    // (relative to it); a variable it names that is not set is a configuration error
    const { value: folder, missing } = expandEnv(RED, this, config.folder);
    if (missing.length) {
      refuseConfig(RED, this, new CivicError('civic-file-save.errors.noEnv', { name: missing[0] }));
      return;
    }
    const settings = RED.settings as { fileWorkingDirectory?: string };
    const base = path.resolve(settings.fileWorkingDirectory || process.cwd(), folder);
    let saved = 0;
    let replaced = 0;   // characters written as "?" since deploy (Shift_JIS cannot hold them): shown until redeploy
    let queue: Promise<void> = Promise.resolve();   // one file after another, in the order the messages came

    this.on('input', (msg: NodeMessageInFlow & { filename?: unknown; bytes?: number; unmappable?: number }, send: Send, done: Done) => {
      queue = queue.then(() => saveFile(config.filename || msg.filename, msg.payload,
        { base, encoding: config.encoding, createDir: config.createDir, ifExists: config.ifExists, unmappable: config.unmappable })
        .then(({ file, bytes, unmappable }) => {
          msg.filename = file;
          msg.bytes = bytes;
          msg.unmappable = unmappable;
          saved += 1;
          replaced += unmappable;
          // the count only: the characters themselves are data
          if (unmappable > 0) this.warn(RED._('civic-file-save.warnings.replaced', { count: unmappable }));
          this.status(replaced > 0
            ? { fill: 'yellow', shape: 'dot', text: statusText(RED, 'civic-file-save.status.savedReplaced', { count: saved, replaced }) }
            : { fill: 'green', shape: 'dot', text: statusText(RED, 'civic-file-save.status.saved', { count: saved }) });
          send(msg);
          done();
        }, (err: unknown) => fail(RED, this, done, err)))
        .catch((err: unknown) => this.error(err));   // the chain must go on whatever happens to one message
    });
    this.on('close', (_removed: boolean, closeDone: () => void) => { void queue.then(closeDone); });
  }
  RED.nodes.registerType('civic-file-save', FileSaveNode);
};
