// Worker-thread entry of offload.ts: runs one task named in workerData and posts its result.
import { parentPort, workerData } from 'worker_threads';
import { fitLogistic } from './logistic';
import { correlationMatrix } from './correlation';
import { LinkIndex, Linker } from './linkage';
import { serializeError } from './offload';

const tasks: Record<string, (input: any) => unknown> = {
  fitLogistic: (i) => fitLogistic(i.rows, i.y, i.options),
  correlate: (i) => correlationMatrix(i.rows, i.columns, i.methods, i.level),
  link: (i) => {
    const index = new LinkIndex();
    for (const [kind, keyed, person] of i.index as Array<[string, string, string]>) index.add(kind, keyed, person);
    return new Linker(i.format, index).link(i.records, i.source, i.config);
  },
};

const { task, input } = workerData as { task: string; input: unknown };
try {
  parentPort!.postMessage({ ok: true, value: tasks[task](input) });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: serializeError(err) });
}
