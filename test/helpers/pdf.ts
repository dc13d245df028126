// PDF text and page count through pdf.js (the legacy build runs in Node without a canvas): what a reader would see.
// pdf.js is ESM with top-level await, so it is loaded by a real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

/** The text of every page of a PDF (items joined per page) and the number of pages. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; count: number }> {
  const pdfjs = await importEsm('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((x: { str?: string }) => x.str ?? '').join(''));
  }
  const count = doc.numPages;
  await doc.destroy();
  return { pages, count };
}
