// civic-farm-report: writes the season report of a house-season (HTML + PDF) or the cultivation manual draft of a crop
// (Markdown + HTML + PDF) from the records store, rendered in a worker thread with a time limit, and serves the folder
// under /<path>/ on the dashboard's HTTP side (behind its login when one is set).
import path from 'path';
import os from 'os';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import type { StoreHandle } from '../../lib/store/handle';
import { listReports, RenderWorker, openStore, generateSoilSheet, generateManual, generateSeasonReports, parseAreas, resolveReportFile, writeIndex } from '../../lib/farm';
import { isValidTimeZone } from '../../lib/time';
import { CivicError } from '../../lib/errors';
import { localStamp } from '../../lib/farm/report';
import { fail, readConfig, refuseConfig, type Done, type Send } from '../../node-kit';

interface ReportConfig { publicBaseUrl: string; store: string; report: 'season' | 'manual' | 'soil'; crop: string; areas: string; timeZone: string; directory: string; urlPath: string; timeoutSeconds: number }
type Http = { get(p: string, h: (req: { params: Record<string, string> }, res: any) => void): void; _router?: { stack: Array<{ route?: { path: string } }> } };

export = function register(RED: NodeAPI) {
  function FarmReportNode(this: Node, def: NodeDef) {
    RED.nodes.createNode(this, def);
    const config = readConfig<ReportConfig>(RED, this, 'civic-farm-report', def);
    if (!config) return;
    const handle = RED.nodes.getNode(config.store) as unknown as StoreHandle | null;
    if (!handle || typeof handle.get !== 'function') return refuseConfig(RED, this, new CivicError('shared.farm.errors.noStore', {}, 'choose a records store'));
    if (!isValidTimeZone(config.timeZone)) return refuseConfig(RED, this, new CivicError('civic-farm-report.errors.timeZone', {}, 'unknown time zone'));
    const userDir = (RED.settings as { userDir?: string }).userDir ?? path.join(os.homedir(), '.node-red');
    const dir = path.isAbsolute(config.directory) ? config.directory : path.join(userDir, config.directory);
    const worker = new RenderWorker(config.timeoutSeconds * 1000);
    const route = `/${config.urlPath}/*`;
    const http = (RED as unknown as { httpNode?: Http }).httpNode;
    try { writeIndex(dir, RED._('civic-farm-report.indexTitle')); } catch (err) { return refuseConfig(RED, this, err); }
    http?.get(route, (req, res) => {
      const found = resolveReportFile(dir, req.params[0] ?? '');
      if (!found) { res.status(404).send('not found'); return; }
      res.set('Content-Type', found.type);
      res.sendFile(found.file);
    });
    const settings = RED.settings as { uiPort?: number; uiHost?: string; httpNodeRoot?: string };
    // QR codes need an absolute URL: the configured public address, else this Node-RED's own
    const publicBase = config.publicBaseUrl || `http://${!settings.uiHost || settings.uiHost === '0.0.0.0' ? '127.0.0.1' : settings.uiHost}:${settings.uiPort ?? 1880}${`${settings.httpNodeRoot ?? '/'}/${config.urlPath}`.replace(/\/{2,}/g, '/')}`;
    const url = (rel?: string) => (rel ? `${(RED.settings as { httpNodeRoot?: string }).httpNodeRoot ?? '/'}${config.urlPath}/${encodeURI(rel)}`.replace(/\/{2,}/g, '/') : undefined);

    this.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      this.status({ fill: 'blue', shape: 'ring', text: RED._('civic-farm-report.status.working') });
      const o = { dir, timeZone: config.timeZone, now: Date.now(), indexTitle: RED._('civic-farm-report.indexTitle') };
      const p = (msg.payload && typeof msg.payload === 'object' ? msg.payload : {}) as { house?: unknown; season?: unknown; crop?: unknown; field?: unknown };
      const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      const job = openStore(handle).then((store) => {
        if (config.report === 'manual') return generateManual(store, worker, o, str(p.crop) ?? config.crop, parseAreas(config.areas)).then((r) => [r]);
        if (config.report === 'soil') {
          const field = str(p.field) ?? str(p.house) ?? (typeof msg.payload === 'string' ? msg.payload : undefined);
          if (!field) throw new CivicError('civic-farm-report.errors.field', {}, 'name the field (payload.field)');
          return generateSoilSheet(store, worker, { ...o, generatedAt: localStamp(o.now, config.timeZone), publicBase }, field).then((r) => [r]);
        }
        return generateSeasonReports(store, worker, o, { house: str(p.house), season: str(p.season) });
      });
      job.then((written) => {
        // with each report, the whole folder (replaces a dashboard list, no duplicates)
        const all = listReports(dir).map((r) => ({ kind: r.kind, label: r.label, urls: Object.fromEntries(Object.entries(r.files).map(([k, v]) => [k, url(v)])) }));
        send([written.map((w) => ({ topic: w.kind, payload: { ...w, urls: Object.fromEntries(Object.entries(w.files).map(([k, v]) => [k, url(v)])), index: url('index.html'), all } }))]);
        this.status({ fill: 'green', shape: 'dot', text: RED._('civic-farm-report.status.done', { count: written.length }) });
        done();
      }).catch((err: unknown) => {
        // a job cut short by a redeploy or shutdown is not an error of the message
        if (closing) { done(); return; }
        fail(RED, this, done, err);
      });
    });
    let closing = false;
    this.on('close', (_removed: boolean, closeDone: () => void) => {
      closing = true;
      // Node-RED offers no way to remove a route: drop it from the router as its own http-in node does.
      const stack = http?._router?.stack;
      if (stack) for (let i = stack.length - 1; i >= 0; i--) if (stack[i].route?.path === route) stack.splice(i, 1);
      worker.close().catch(() => undefined).finally(closeDone);
    });
  }
  RED.nodes.registerType('civic-farm-report', FarmReportNode);
};
