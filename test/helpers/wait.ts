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
