// Report files on disk: one name per house-season (regenerating replaces it), an index page linking them, and a safe
// lookup for the HTTP route that serves them (only report files inside the folder, never a path outside it).
import fs from 'fs';
import path from 'path';
import type { RenderResult } from './render/jobs';
import { esc, page } from './render/html';
import { writeFileAtomicSync } from '../storage/atomic-file';

/** Characters allowed in a file name part (house ids may be Japanese). */
export function safePart(s: string): string {
  return s.normalize('NFKC').replace(/[^\p{L}\p{N}_.-]+/gu, '_').replace(/^\.+/, '_').slice(0, 80) || '_';
}

/** The base name (no extension) of a season report, relative to the reports folder. */
export function seasonFileBase(house: string, season: string): string {
  return `season/${safePart(house)}_${safePart(season)}`;
}

/** Writes the rendered files (html, pdf, md when present) atomically; returns the relative names written. */
export function writeReport(dir: string, base: string, r: RenderResult): Record<'html' | 'pdf' | 'md', string | undefined> {
  const write = (ext: string, data: string | Uint8Array) => {
    const rel = `${base}.${ext}`;
    const full = path.join(dir, rel);
    writeFileAtomicSync(full, data, { createDir: true });
    return rel;
  };
  return { html: write('html', r.html), pdf: write('pdf', r.pdf), md: r.markdown === undefined ? undefined : write('md', r.markdown) };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.pdf': 'application/pdf', '.md': 'text/markdown; charset=utf-8', '.svg': 'image/svg+xml' };

/** The file a request path names inside `dir`, with its content type; undefined for anything else. */
export function resolveReportFile(dir: string, requestPath: string): { file: string; type: string } | undefined {
  let rel: string;
  try { rel = decodeURIComponent(requestPath).replace(/^\/+/, '') || 'index.html'; } catch { return undefined; }
  const type = TYPES[path.extname(rel).toLowerCase()];
  if (!type || rel.includes('\0')) return undefined;
  const root = path.resolve(dir);
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
  return { file, type };
}

const GROUPS: Array<[string, string]> = [['season', 'シーズン報告書'], ['manual', '栽培手引書 (下書き)'], ['soil', '土壌分析シート']];

/** Every report in the folder (newest name first per kind): its label and the relative names of its files. */
export function listReports(dir: string): Array<{ kind: string; label: string; files: Record<string, string> }> {
  return GROUPS.flatMap(([sub, label]) => {
    const names = fs.existsSync(path.join(dir, sub)) ? fs.readdirSync(path.join(dir, sub)).filter((f) => /\.(html|pdf|md)$/.test(f)) : [];
    const bases = [...new Set(names.map((f) => f.replace(/\.(html|pdf|md)$/, '')))].sort().reverse();
    return bases.map((b) => ({ kind: sub, label: `${label} ${b.replace(/_/g, ' ')}`,
      files: Object.fromEntries(['html', 'pdf', 'md'].filter((x) => names.includes(`${b}.${x}`)).map((x) => [x, `${sub}/${b}.${x}`])) }));
  });
}

/** Rewrites index.html: every report in the folder, newest first, with links. */
export function writeIndex(dir: string, title: string): void {
  const all = listReports(dir);
  const group = (sub: string, label: string) => {
    const items = all.filter((r) => r.kind === sub);
    return `<section><h2>${esc(label)}</h2>${items.length ? `<ul>${items.map((r) => `<li>${esc(Object.values(r.files)[0].split('/').pop()!.replace(/\.\w+$/, ''))}: ${Object.entries(r.files)
      .map(([x, f]) => `<a href="${esc(encodeURI(f))}">${x.toUpperCase()}</a>`).join(' ・ ')}</li>`).join('')}</ul>` : '<p>まだありません。</p>'}</section>`;
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), page(title, `<h1>${esc(title)}</h1>${GROUPS.map(([sub, label]) => group(sub, label)).join('')}`));
}
