// What the report worker can render. Kept apart from worker.ts so tests and benches can render in-process too.
import type { SeasonReport } from '../report';
import { seasonCharts } from './charts';
import { seasonHtml } from './html';
import { seasonPdf } from './pdf';
import type { ManualDraft } from '../manual';
import { manualMarkdown } from '../manual';
import { manualCharts, manualHtml, manualPdf } from './manual';
import type { SoilSheet } from '../soil';
import { qrSvg, soilHtml, soilPdf, soilPublicHtml } from './soil';

export type RenderJob = { kind: 'season'; report: SeasonReport } | { kind: 'manual'; draft: ManualDraft } | { kind: 'soil'; sheet: SoilSheet; publicUrl: string };

export interface RenderResult { html: string; pdf: Uint8Array; markdown?: string; publicHtml?: string }

/** Renders a job (charts once, shared by HTML and PDF). */
export async function renderJob(job: RenderJob): Promise<RenderResult> {
  switch (job.kind) {
    case 'season': {
      const charts = await seasonCharts(job.report);
      return { html: seasonHtml(job.report, charts), pdf: await seasonPdf(job.report, charts) };
    }
    case 'manual': {
      const charts = await manualCharts(job.draft);
      return { html: manualHtml(job.draft, charts), pdf: await manualPdf(job.draft, charts), markdown: manualMarkdown(job.draft) };
    }
    case 'soil': {
      const qr = await qrSvg(job.publicUrl);
      return { html: soilHtml(job.sheet, qr, job.publicUrl), pdf: await soilPdf(job.sheet, qr, job.publicUrl), publicHtml: soilPublicHtml(job.sheet, qr, job.publicUrl) };
    }
    default:
      throw new Error('unknown render job');
  }
}
