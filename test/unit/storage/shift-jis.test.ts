// Shift_JIS as Windows reads it: text decoded by a JIS-style table (macOS, Java, web forms) keeps its wave dash and the
// six other characters the JIS and CP932 tables spell differently; what CP932 cannot hold is counted, so the file
// node can warn or refuse instead of writing "?" unseen.
import assert from 'assert';
import fs from 'fs';
import os from 'os';
import path from 'path';
import iconv from 'iconv-lite';
import { saveFile, toCp932 } from '../../../lib/storage';

describe('storage: Shift_JIS (CP932) output', () => {
  const dirs: string[] = [];
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('writes the JIS forms of 〜 − — ‖ ¢ £ ¬ as the CP932 bytes of the same characters, not as "?"', () => {
    // the bytes are those of JIS X 0208 row 1 (0x8160 wave dash, 0x817C minus, 0x815C dash, 0x8161, 0x8191, 0x8192, 0x81CA)
    const { bytes, unmappable } = toCp932('65〜69歳 −5℃ —備考— ‖ ¢£¬');
    assert.strictEqual(unmappable, 0);
    assert.ok(!bytes.includes(0x3f), 'no "?" written');
    assert.strictEqual(bytes.subarray(2, 4).toString('hex'), '8160');
    assert.strictEqual(iconv.decode(bytes, 'CP932'), '65～69歳 －5℃ ―備考― ∥ ￠￡￢');
    // the CP932 forms themselves are unchanged
    assert.strictEqual(toCp932('～－―∥￠￡￢').bytes.toString('hex'), '8160817c815c81618191819281ca');
  });

  it('counts the characters CP932 has no bytes for, and only those (a "?" in the text is not counted)', () => {
    assert.deepStrictEqual({ ...toCp932('𠮷野家? café ☃'), bytes: undefined }, { bytes: undefined, unmappable: 3 });
    assert.strictEqual(toCp932('\ud800x?').unmappable, 1, 'an unpaired surrogate');
    assert.strictEqual(toCp932('髙橋 ①㈱ ｶﾅ ~\\').unmappable, 0, 'NEC and IBM extensions and half-width kana are CP932');
    assert.strictEqual(iconv.decode(toCp932('𠮷野家').bytes, 'CP932'), '?野家');
  });

  it('saveFile says how many characters became "?", and under "refuse" saves nothing', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-sjis-'));
    dirs.push(base);
    const saved = await saveFile('a.csv', '氏名\r\n𠮷田,café\r\n', { base, encoding: 'shift_jis' });
    assert.strictEqual(saved.unmappable, 2);
    assert.strictEqual(iconv.decode(fs.readFileSync(saved.file), 'CP932'), '氏名\r\n?田,caf?\r\n');
    assert.strictEqual((await saveFile('b.csv', '65〜69', { base, encoding: 'shift_jis', unmappable: 'refuse' })).unmappable, 0);
    await assert.rejects(saveFile('c.csv', '𠮷田', { base, encoding: 'shift_jis', unmappable: 'refuse' }),
      (e: { key?: string; params?: Record<string, unknown>; message: string }) =>
        e.key === 'shared.file.errors.unmappable' && e.params?.count === 1 && !e.message.includes('𠮷'));
    assert.deepStrictEqual(fs.readdirSync(base).sort(), ['a.csv', 'b.csv'], 'nothing made for the refused one');
    assert.strictEqual((await saveFile('d.txt', '𠮷', { base, encoding: 'utf8', unmappable: 'refuse' })).unmappable, 0, 'UTF-8 holds every character');
  });
});
