// Retries with exponential backoff and full jitter for transient RPC and IPFS
// errors. Program errors and invalid input are permanent and never retried.
import { isModelmintProgramError } from '@modelmint/sdk';

export interface BackoffOptions {
  /** First delay, ms (default 250). */
  baseMs?: number;
  /** Largest delay, ms (default 10 000). */
  maxMs?: number;
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  /** Random source in [0, 1) for the jitter (tests pass a fixed one). */
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based): min(max, base * 2^attempt), jittered in [d/2, d]. */
export function backoffDelay(attempt: number, o: BackoffOptions = {}): number {
  const base = o.baseMs ?? 250;
  const max = o.maxMs ?? 10_000;
  const d = Math.min(max, base * 2 ** Math.min(attempt, 30));
  const r = (o.random ?? Math.random)();
  return Math.round(d / 2 + (d / 2) * r);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors worth retrying: network failures, timeouts, rate limits, 5xx, unavailable content. */
export function isTransient(e: unknown): boolean {
  if (isModelmintProgramError(e)) return false;
  if (!(e instanceof Error)) return false;
  if ((e as { transient?: boolean }).transient === true) return true;
  if ((e as { transient?: boolean }).transient === false) return false;
  const text = `${e.name} ${e.message} ${String((e as { code?: unknown }).code ?? '')} ${String(
    (e.cause as Error | undefined)?.message ?? '',
  )}`;
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|socket hang up|fetch failed|network|timed? ?out|429|Too Many Requests|50[0-4]|blockhash not found|BlockhashNotFound|temporarily unavailable/i.test(
    text,
  );
}

/**
 * Runs `fn` until it succeeds, a permanent error is thrown, or the attempts
 * are spent. `onRetry` sees each transient failure before the wait.
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  o: BackoffOptions & {
    isRetryable?: (e: unknown) => boolean;
    onRetry?: (e: unknown, attempt: number, delayMs: number) => void;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<T> {
  const attempts = o.attempts ?? 5;
  const retryable = o.isRetryable ?? isTransient;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt + 1 >= attempts || !retryable(e)) throw e;
      const delay = backoffDelay(attempt, o);
      o.onRetry?.(e, attempt, delay);
      await (o.sleep ?? sleep)(delay);
    }
  }
}
