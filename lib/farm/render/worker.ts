// The report worker thread: renders one job at a time (charts, HTML, PDF) so that a long report never blocks the
// Node-RED event loop. Jobs arrive as plain data; results go back as text and bytes.
import { parentPort } from 'worker_threads';
import { renderJob, type RenderJob } from './jobs';

parentPort?.on('message', (msg: { id: number; job: RenderJob }) => {
  renderJob(msg.job).then(
    (result) => parentPort!.postMessage({ id: msg.id, result }),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? { name: err.name, message: err.message, key: (err as { key?: string }).key } : { message: String(err) } }),
  );
});
