// The on-disk queue keeps every accepted point through crashes, in order, exactly once.
import assert from 'assert';
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { DiskQueue, crc32, frameRecord, parseRecords, type QueueOptions } from '../../../lib/storage';
import { requireSmallDisk, type SmallDisk } from '../../helpers/tmpfs';

const tmpDirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-queue-'));
  tmpDirs.push(dir);
  return dir;
}
const open = (dir: string, o: Partial<QueueOptions> = {}) => DiskQueue.open({ dir, maxBytes: 1 << 20, policy: 'drop-oldest', ...o });

async function drain(q: DiskQueue, per = 1000): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const b = await q.readBatch(per);
    if (!b) return out;
    out.push(...b.lines);
    await q.ack(b);
  }
}

describe('storage: disk queue', () => {
  after(() => { for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true }); });

  it('frames records with a CRC-32 and finds a damaged or cut-off one', () => {
    assert.strictEqual(crc32(Buffer.from('123456789')), 0xcbf43926, 'the standard CRC-32 check value');
    const buf = Buffer.concat([frameRecord('a v=1'), frameRecord('b v=2'), frameRecord('c v=3').subarray(0, 9)]);
    assert.deepStrictEqual(parseRecords(buf).lines, ['a v=1', 'b v=2']);
    const bad = Buffer.concat([frameRecord('a v=1'), frameRecord('b v=2')]);
    bad[bad.length - 1] ^= 1;
    assert.deepStrictEqual(parseRecords(bad), { lines: ['a v=1'], bytes: 13, damaged: true });
  });

  it('gives records back in order, and acknowledged ones are gone after a reopen', async () => {
    const dir = tmp();
    let q = await open(dir);
    await Promise.all([q.append(['a v=1', 'a v=2']), q.append(['a v=3'])]);
    assert.strictEqual(q.queued, 3);
    const b = await q.readBatch(2);
    assert.deepStrictEqual(b!.lines, ['a v=1', 'a v=2']);
    await q.ack(b!);
    await q.close();
    q = await open(dir);
    assert.strictEqual(q.queued, 1);
    assert.deepStrictEqual(await drain(q), ['a v=3']);
    await q.close();
  });

  it('cuts off a record torn by a crash and keeps everything before it', async () => {
    const dir = tmp();
    let q = await open(dir);
    await q.append(['x v=1', 'x v=2']);
    await q.close();
    const seg = fs.readdirSync(dir).find((f) => /^rec-.*\.log$/.test(f))!;
    fs.appendFileSync(path.join(dir, seg), frameRecord('x v=3').subarray(0, 7));
    q = await open(dir);
    assert.deepStrictEqual(await drain(q), ['x v=1', 'x v=2']);
    await q.append(['x v=4']);
    assert.deepStrictEqual(await drain(q), ['x v=4'], 'appends continue after the cut');
    await q.close();
  });

  it('rolls segments and deletes the ones fully written (compaction)', async () => {
    const dir = tmp();
    const q = await open(dir, { segmentBytes: 100 });
    for (let i = 0; i < 20; i++) await q.append([`m v=${i}`]);
    const segs = () => fs.readdirSync(dir).filter((f) => /^rec-.*\.log$/.test(f)).length;
    assert.ok(segs() >= 3, `several segments (${segs()})`);
    const got = await drain(q, 3);
    assert.deepStrictEqual(got, Array.from({ length: 20 }, (_, i) => `m v=${i}`));
    assert.strictEqual(segs(), 1, 'only the active segment is left');
    assert.strictEqual(q.queued, 0);
    await q.close();
  });

  it('drop-oldest: at the limit the oldest points give way and are counted', async () => {
    const dir = tmp();
    const drops: number[] = [];
    const q = await open(dir, { maxBytes: 400, segmentBytes: 100, onDrop: (n) => drops.push(n) });
    for (let i = 0; i < 40; i++) await q.append([`m v=${i}`]);
    assert.ok(q.queuedBytes <= 400, `${q.queuedBytes} bytes queued`);
    const got = await drain(q);
    assert.strictEqual(got.length + q.dropped, 40, 'every point is either kept or counted as dropped');
    assert.strictEqual(got[got.length - 1], 'm v=39', 'the newest survive');
    assert.deepStrictEqual(got, got.slice().sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))), 'in order');
    assert.strictEqual(drops.reduce((a, b) => a + b, 0), q.dropped);
    await q.close();
  });

  it('reject-new: at the limit new points are refused with a translatable error, old ones kept', async () => {
    const dir = tmp();
    const q = await open(dir, { maxBytes: 45, policy: 'reject-new' });
    await q.append(['m v=1', 'm v=2', 'm v=3']);
    await assert.rejects(q.append(['m v=4']), (e: any) => e.key === 'civic-influx-buffer.errors.full');
    assert.deepStrictEqual(await drain(q), ['m v=1', 'm v=2', 'm v=3']);
    await q.append(['m v=5']);
    await q.close();
  });

  it('moves refused records to dead-letter.lp with a comment line', async () => {
    const dir = tmp();
    const q = await open(dir);
    await q.deadLetter(['m v="x"', 'm v=2'], 'HTTP 400 field type conflict\nsecond line');
    const text = fs.readFileSync(path.join(dir, 'dead-letter.lp'), 'utf8').split('\n');
    assert.match(text[0], /^# \d{4}-\d\d-\d\dT.* 2 point\(s\) refused: HTTP 400 field type conflict second line$/);
    assert.deepStrictEqual(text.slice(1), ['m v="x"', 'm v=2', '']);
    assert.strictEqual(q.deadLettered, 2);
    await q.close();
  });

  it('a restart keeps every complete record around a damaged one and moves the damage to quarantine (counted)', async () => {
    const dir = tmp();
    let q = await open(dir);
    await q.append(['d v=1', 'd v=2', 'd v=3', 'd v=4']);
    await q.close();
    const seg = fs.readdirSync(dir).find((f) => /\.log$/.test(f))!;
    const file = path.join(dir, seg);
    const bytes = fs.readFileSync(file);
    bytes[13 + 10] ^= 0xff;                                    // a flipped bit inside record 2 (records are 13 bytes)
    fs.writeFileSync(file, Buffer.concat([bytes, frameRecord('d v=5').subarray(0, 6)]));   // and a torn tail
    q = await open(dir);
    assert.deepStrictEqual(await drain(q), ['d v=1', 'd v=3', 'd v=4'], 'every complete record recovered');
    assert.deepStrictEqual({ regions: q.quarantined.regions, bytes: q.quarantined.bytes }, { regions: 2, bytes: 13 + 6 });
    const quarantine = fs.readdirSync(path.join(dir, 'quarantine'));
    assert.strictEqual(quarantine.length, 1);
    const kept = fs.readFileSync(path.join(dir, 'quarantine', quarantine[0]));
    assert.strictEqual(kept.length, 13 + 6, 'the damaged bytes are kept, not thrown away');
    await q.append(['d v=6']);
    await q.close();
    q = await open(dir);
    assert.deepStrictEqual(await drain(q), ['d v=6'], 'nothing damaged is left behind for the next start');
    assert.strictEqual(q.quarantined.regions, 0);
    await q.close();
  });

  it('deletes what was written once the queue has drained, the active segment too', async () => {
    const dir = tmp();
    const q = await open(dir, { segmentBytes: 64 * 1024 });
    const big = 'n v="' + 'y'.repeat(1000) + '"';
    for (let i = 0; i < 40; i++) await q.append([big]);
    await drain(q, 7);
    const left = fs.readdirSync(dir).filter((f) => /\.log$/.test(f)).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    assert.strictEqual(left, 0, `written records still on disk: ${left} bytes`);
    await q.append(['n v=1']);
    assert.deepStrictEqual(await drain(q), ['n v=1']);
    await q.close();
  });

  it('a second process on the same folder is refused with a clear error while the first runs', async function () {
    this.timeout(20000);
    const dir = tmp();
    const queueModule = require.resolve('../../../lib/storage/queue');
    const child = spawn(process.execPath, ['-e', `
      const { DiskQueue } = require(${JSON.stringify(queueModule)});
      DiskQueue.open({ dir: ${JSON.stringify(dir)}, maxBytes: 1 << 20, policy: 'reject-new' })
        .then(() => { process.stdout.write('open\\n'); setInterval(() => undefined, 1000); });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout.on('data', (d) => { if (String(d).includes('open')) resolve(); }));
      await assert.rejects(open(dir), (e: any) => e.key === 'civic-influx-buffer.errors.locked'
        && e.params.dir === dir && e.params.pid === child.pid && typeof e.params.host === 'string');
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const q = await open(dir);                                   // its owner is dead: the lock is stale
    await q.close();
  });

  it('loses no acknowledged append and duplicates nothing when the process is killed (SIGKILL) at any moment', async function () {
    this.timeout(30000);
    const dir = tmp();
    const queueModule = require.resolve('../../../lib/storage/queue');
    // A child appends numbered records and reports each append once it resolved (= durable); acks as it goes.
    const script = `
      const { DiskQueue } = require(${JSON.stringify(queueModule)});
      (async () => {
        const q = await DiskQueue.open({ dir: ${JSON.stringify(dir)}, maxBytes: 1 << 26, policy: 'reject-new', segmentBytes: 4096 });
        let i = Number(process.argv[1]);
        const reader = async () => { for (;;) { const b = await q.readBatch(7); if (b) await q.ack(b); else await new Promise((r) => setTimeout(r, 1)); } };
        if (process.argv[2] === 'ack') reader();
        for (;;) { const n = i++; await Promise.all([q.append(['r v=' + n]), q.append(['r v=' + (n + 0.5)])]); process.stdout.write(n + '\\n'); }
      })();`;
    let next = 0;
    const confirmed: number[] = [];
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['-e', script, String(next), round === 1 || round === 2 ? 'ack' : ''], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        const parts = buf.split('\n');
        buf = parts.pop()!;
        for (const p of parts) confirmed.push(Number(p));
      });
      await new Promise((r) => setTimeout(r, 300 + round * 150));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      next = (confirmed.length ? confirmed[confirmed.length - 1] : 0) + 1000;
    }
    assert.ok(confirmed.length > 20, `the child confirmed ${confirmed.length} appends`);
    // Reopen: what is still queued must be a gap-free tail of what was appended (acked records are gone),
    // containing every confirmed record that was not acknowledged, no record twice, in append order.
    const q = await open(dir, { maxBytes: 1 << 26 });
    const rest = (await drain(q)).map((l) => Number(l.slice(4)));
    const kept = new Set(rest);
    await q.close();
    assert.strictEqual(new Set(rest).size, rest.length, 'no duplicates');
    assert.deepStrictEqual(rest, rest.slice().sort((a, b) => a - b), 'in order');
    const last = confirmed[confirmed.length - 1];
    assert.ok(kept.has(last) && kept.has(last + 0.5), 'the last confirmed append survived the kill');
    // the last round did not acknowledge anything: everything confirmed after the acknowledged position is there
    for (const n of confirmed.filter((x) => x > rest[0])) {
      assert.ok(kept.has(n) && kept.has(n + 0.5), `record ${n} kept`);
    }
  });

  describe('on a full disk (real 128 KiB tmpfs)', () => {
    let disk: SmallDisk;
    before(function () { disk = requireSmallDisk(this, 128); });
    after(() => disk?.unmount());

    it('refuses appends with a disk-full error, keeps every accepted record intact, and resumes when space returns', async () => {
      const dir = path.join(disk.dir, 'q');
      let q = await open(dir, { maxBytes: 1 << 24, policy: 'reject-new' });
      const accepted: string[] = [];
      let refusal: any;
      for (let i = 0; !refusal; i++) {
        const line = `f v=${i},note="${'z'.repeat(500)}"`;
        try { await q.append([line]); accepted.push(line); } catch (err) { refusal = err; }
        assert.ok(i < 1000, 'the disk never filled');
      }
      assert.strictEqual(refusal.key, 'civic-influx-buffer.errors.diskFull');
      assert.deepStrictEqual(refusal.params, { queued: accepted.length, code: 'ENOSPC' });
      await assert.rejects(q.append([`f v=-1,note="${'z'.repeat(500)}"`]), (e: any) => e.key === 'civic-influx-buffer.errors.diskFull',
        'still full: refused again');
      disk.resize(1024);
      await q.append(['f v=after']);
      accepted.push('f v=after');
      await q.close();
      q = await open(dir, { maxBytes: 1 << 24, policy: 'reject-new' });
      assert.deepStrictEqual(await drain(q), accepted, 'every accepted record, nothing else');
      assert.strictEqual(q.quarantined.regions, 0, 'no torn record was left in the segment');
      await q.close();
    });
  });
});

describe('storage: a queue left by 0.1.0 (seg-*.log, ack.json, lines in the configured precision)', () => {
  it('is read on after the upgrade: unwritten records in their old precision first, then new ones in nanoseconds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civic-queue-legacy-'));
    try {
      const seg = (n: number) => path.join(dir, `seg-${String(n).padStart(16, '0')}.log`);
      fs.writeFileSync(seg(0), Buffer.concat(['m v=1 1000', 'm v=2 2000'].map(frameRecord)));
      fs.writeFileSync(seg(1), Buffer.concat(['m v=3 3000'].map(frameRecord)));
      fs.writeFileSync(path.join(dir, 'ack.json'), JSON.stringify({ segment: 0, offset: frameRecord('m v=1 1000').length, index: 1 }));
      let q = await DiskQueue.open({ dir, maxBytes: 1 << 20, policy: 'reject-new', legacyPrecision: 'ms' });
      await q.append(['m v=4 4000000000']);
      const batches = [];
      for (let b = await q.readBatch(10); b; b = await q.readBatch(10)) { batches.push({ lines: b.lines, precision: b.precision }); await q.ack(b); }
      assert.deepStrictEqual(batches, [
        { lines: ['m v=2 2000'], precision: 'ms' },
        { lines: ['m v=3 3000'], precision: 'ms' },
        { lines: ['m v=4 4000000000'], precision: 'ns' },
      ]);
      await q.close();
      assert.ok(!fs.existsSync(path.join(dir, 'ack.json')) && !fs.readdirSync(dir).some((f) => f.startsWith('seg-')), 'the old files are gone once written');
      q = await DiskQueue.open({ dir, maxBytes: 1 << 20, policy: 'reject-new' });
      assert.strictEqual(q.queued, 0);
      await q.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
