// svg-to-pdfkit ships no types: the one call the reports make.
declare module 'svg-to-pdfkit' {
  function SVGtoPDF(doc: unknown, svg: string, x: number, y: number, options?: Record<string, unknown>): void;
  export = SVGtoPDF;
}
