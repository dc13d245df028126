// Test helper: a Shift_JIS (CP932) encoder built by inverting Node's WHATWG decoder, so tests can make the bytes
// a municipal system would write without a fixture file.
let table: Map<string, number[]> | undefined;

/** Encodes text as Shift_JIS/CP932 bytes (throws for a character CP932 does not have). */
export function encodeShiftJis(text: string): Buffer {
  if (!table) {
    table = new Map();
    const dec = new TextDecoder('shift_jis');
    for (let b = 0x20; b < 0x7f; b++) table.set(String.fromCharCode(b), [b]);
    for (let b = 0xa1; b <= 0xdf; b++) table.set(dec.decode(Uint8Array.of(b)), [b]);
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead > 0x9f && lead < 0xe0) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    table.set('\r', [0x0d]);
    table.set('\n', [0x0a]);
  }
  const out: number[] = [];
  for (const ch of text) {
    const b = table.get(ch);
    if (!b) throw new Error(`no Shift_JIS code for U+${ch.codePointAt(0)!.toString(16)}`);
    out.push(...b);
  }
  return Buffer.from(out);
}
