import assert from 'assert';
import fs from 'fs';
import path from 'path';
import { createDecoder, type DecoderConfig } from '../../../lib/decode';
import { validate } from '../../../lib/schemas';

// The example flows (Import ▸ Examples) must be valid and their sample payloads must decode.
function repoRoot(): string {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, 'package.json'))) d = path.dirname(d);
  return d;
}
const dir = path.join(repoRoot(), 'examples');

function examples(type: string): Array<[string, Array<Record<string, any>>]> {
  const d = path.join(dir, type);
  return fs.readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(fs.readFileSync(path.join(d, f), 'utf8'))]);
}

describe('decode examples', () => {
  for (const [file, nodes] of [...examples('civic-sensor-decode'), ...examples('civic-uecs-in')]) {
    it(`${file}: valid nodes with positions, a comment, no function node, samples decode`, async () => {
      assert.ok(nodes.some((n) => n.type === 'comment'));
      for (const n of nodes) {
        assert.ok(typeof n.x === 'number' && typeof n.y === 'number', `${n.id} lacks x/y`);
        assert.notStrictEqual(n.type, 'function');
      }
      for (const n of nodes.filter((x) => x.type === 'civic-sensor-decode' || x.type === 'civic-uecs-in')) {
        const v = validate<DecoderConfig>(`${n.type}.config`, n);
        assert.ok(v.ok, `${n.id}: ${v.ok ? '' : v.error.message}`);
      }
      for (const inj of nodes.filter((x) => x.type === 'inject')) {
        const target = nodes.find((x) => x.id === inj.wires[0][0]);
        const v = validate<Record<string, any>>('civic-sensor-decode.config', target);
        assert.ok(v.ok);
        const cfg = v.value;
        const decoder = createDecoder({ ...cfg, uecsFilter: {}, codecTimeoutMs: 5000 } as DecoderConfig);
        await decoder.ready;
        const payload = inj.payloadType === 'json' ? JSON.parse(inj.payload) : inj.payload;
        const r = await decoder.decodeAsync(payload, { topic: inj.topic, now: () => 0 });
        assert.ok(Object.keys(r.payload).length > 0 || r.meta.frame === 'info', `${inj.id}: nothing decoded`);
        decoder.close();
      }
    });
  }
});
