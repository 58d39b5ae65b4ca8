import { describe, expect, it } from 'vitest';
import { StalledError, StallTimer, withStallLimit } from '../src/deadline.js';

const never = () => new Promise<never>(() => undefined);

describe('stall limits', () => {
  it('rejects a call that makes no progress, even one that ignores its signal', async () => {
    const e = await withStallLimit(50, 'cat X', undefined, never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StalledError);
    expect((e as Error).message).toBe('cat X: no progress in 50 ms');
  });

  it('keeps a call alive while it reports progress', async () => {
    const out = await withStallLimit(60, 'stream', undefined, async (signal, touch) => {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 30)); // 180 ms in all, 30 ms between touches
        touch();
      }
      return signal.aborted;
    });
    expect(out).toBe(false);
  });

  it("passes the caller's abort on with the caller's reason", async () => {
    const outer = new AbortController();
    const p = withStallLimit(10_000, 'x', outer.signal, async (signal) => {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('library abort'))));
    });
    outer.abort(new Error('shutting down'));
    await expect(p).rejects.toThrow('shutting down');
  });

  it('starts aborted under an aborted caller and refuses a bad limit', () => {
    const outer = new AbortController();
    outer.abort(new Error('gone'));
    const t = new StallTimer(1000, 'x', outer.signal);
    expect(t.signal.aborted).toBe(true);
    expect(t.stalled).toBe(false);
    t.done();
    expect(() => new StallTimer(0, 'x')).toThrow(RangeError);
  });
});
