// Time limits for calls that can wait forever, such as asking an IPFS daemon for
// content nobody provides. A call gets an AbortSignal that fires when it makes no
// progress for a while (a large transfer that keeps moving is never cut), or when
// the caller's own signal aborts. Browser-safe: AbortController and timers only.

/** A call that made no progress within its limit. */
export class StalledError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what}: no progress in ${ms} ms`);
    this.name = 'StalledError';
  }
}

/** An abort signal that fires after `ms` without `touch()`, or when `outer` aborts. */
export class StallTimer {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onOuter = () => this.controller.abort(this.outer?.reason);

  constructor(
    readonly ms: number,
    readonly what: string,
    private readonly outer?: AbortSignal,
  ) {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`a stall limit must be a positive number of ms: ${ms}`);
    if (outer?.aborted) this.controller.abort(outer.reason);
    outer?.addEventListener('abort', this.onOuter, { once: true });
    this.touch();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when the limit (not the caller) ended the call. */
  get stalled(): boolean {
    return this.controller.signal.reason instanceof StalledError;
  }

  /** Progress was made: the limit starts again. */
  touch(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.controller.signal.aborted) return;
    this.timer = setTimeout(() => this.controller.abort(new StalledError(this.what, this.ms)), this.ms);
  }

  /** The call is over: no timer keeps running. */
  done(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.outer?.removeEventListener('abort', this.onOuter);
  }
}

/**
 * Runs `fn` under a {@link StallTimer}: it rejects with a {@link StalledError} when the
 * limit fires (or with the caller's reason when `outer` aborts), even if `fn` ignores
 * its signal; `fn` should pass the signal on so the work itself stops too.
 */
export async function withStallLimit<T>(
  ms: number,
  what: string,
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal, touch: () => void) => Promise<T>,
): Promise<T> {
  const t = new StallTimer(ms, what, outer);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(t.signal.reason ?? new StalledError(what, ms));
    if (t.signal.aborted) onAbort();
    else t.signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // settled by the race below, or never looked at
  try {
    return await Promise.race([fn(t.signal, () => t.touch()), aborted]);
  } catch (e) {
    if (t.signal.aborted && t.signal.reason !== undefined) throw t.signal.reason;
    throw e;
  } finally {
    if (onAbort) t.signal.removeEventListener('abort', onAbort);
    t.done();
  }
}
