// The tests' free-port helper: a CI run failed when a test asked for two ports (MQTT TLS, then HTTP) and the kernel
// gave the released first one back for the second, so Node-RED found its HTTP port taken by the broker.
import assert from 'assert';
import { freePort } from '../../helpers/servers';

describe('test helper freePort', () => {
  it('never hands out the same port twice in one process', async () => {
    const seen = new Set<number>();
    // 2,000 asks: the plain bind-and-release gave 279 repeats in this many on the 2-core machine
    for (let i = 0; i < 2000; i++) {
      const port = await freePort();
      assert.ok(!seen.has(port), `port ${port} handed out twice (ask ${i + 1})`);
      seen.add(port);
    }
  });
});
