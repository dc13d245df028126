// Waiting in tests for something that happens asynchronously: poll with a generous deadline, never a fixed sleep.

/** Polls `check` every 200 ms until it returns a value (not undefined), or fails after `ms`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 20000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${ms} ms${last ? ` (${(last as Error).message})` : ''}`);
}

/**
 * Waits `ms`, then until every message already sent has been delivered: Node-RED delivers on setImmediate, and a
 * loop held up longer than `ms` runs the timer first, so a message sent before the wait could still land after it.
 * Several rounds, as a send may itself start from a setImmediate (a node's own deferred work). For "nothing came"
 * checks: a message that arrives late still fails them.
 */
export async function quiet(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Waits at least `minMs`, and until `check` holds or `ms` pass, without failing: for waits whose outcome the test's own
 * assertions report better than a timeout would (they say what did come).
 */
export async function atLeast(minMs: number, check: () => boolean, ms: number): Promise<void> {
  await Promise.all([new Promise((r) => setTimeout(r, minMs)),
    waitFor(() => (check() ? true : undefined), 'the condition', ms).catch(() => undefined)]);
}
