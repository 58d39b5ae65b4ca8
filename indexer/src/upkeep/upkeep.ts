import type { Db } from '../db/index.js';
import type { DecodedTransaction, TxDecoder } from '../ingest/decoder.js';
import type { FoldEnv } from '../ingest/fold/run.js';
import type { Metrics } from '../metrics.js';
import { type ReconcileResult, reconcile } from '../reconcile.js';
import { rpcAccounts } from '../sources/accounts.js';
import type { RpcClient } from '../sources/rpc.js';
import { type FinalityResult, settleConfirmed } from './finality.js';

export interface UpkeepDeps {
  db: Db;
  rpc: RpcClient;
  programId: string;
  env: FoldEnv;
  decoder: TxDecoder;
  /** The one ingest path (for transactions the finality check finds in another slot). */
  ingest: (txs: DecodedTransaction[]) => Promise<unknown>;
  metrics: Metrics;
}

export interface UpkeepSchedule {
  /** How often confirmed rows are settled with the chain (0: never). */
  finalityMs: number;
  /** How often every program account is compared with its row and repaired (0: never). */
  reconcileMs: number;
  onError?: (job: 'finality' | 'reconcile', error: unknown) => void;
  /** Called after a run that changed something. */
  onResult?: (job: 'finality' | 'reconcile', summary: string) => void;
}

/**
 * The work that keeps the mirror true to the chain besides ingest: reconciliation (on demand, or
 * every `reconcileMs`) and settling confirmed rows once finalized (`finality.ts`). A job never
 * runs twice at once: a call while one runs waits for it and returns its result.
 */
export class ChainUpkeep {
  #reconciling: Promise<ReconcileResult> | undefined;
  #settling: Promise<FinalityResult> | undefined;

  constructor(readonly deps: UpkeepDeps) {}

  /** Compares every program account with its row; repairs what differs unless `repair` is false. */
  reconcile(repair = true): Promise<ReconcileResult> {
    this.#reconciling ??= (async () => {
      try {
        const { db, rpc, programId, metrics } = this.deps;
        const result = await reconcile(db, rpcAccounts(rpc, programId), { repair });
        metrics.repaired.inc(result.repaired);
        return result;
      } finally {
        this.#reconciling = undefined;
      }
    })();
    return this.#reconciling;
  }

  /** Promotes finalized rows, drops those of vanished transactions (see `settleConfirmed`). */
  settle(): Promise<FinalityResult> {
    this.#settling ??= (async () => {
      try {
        const { db, rpc, env, decoder, ingest, metrics } = this.deps;
        const result = await settleConfirmed(db, rpc, { env, decoder, reingest: ingest });
        for (const outcome of ['promoted', 'dropped', 'moved'] as const) {
          metrics.finality.inc({ outcome }, result[outcome]);
        }
        return result;
      } finally {
        this.#settling = undefined;
      }
    })();
    return this.#settling;
  }

  /** Runs both jobs on their schedules; returns a function that stops them. */
  start(schedule: UpkeepSchedule): () => void {
    const timers: NodeJS.Timeout[] = [];
    const every = (job: 'finality' | 'reconcile', ms: number, run: () => Promise<string | null>) => {
      if (ms <= 0) return;
      const timer = setInterval(() => {
        run().then(
          (summary) => {
            if (summary !== null) schedule.onResult?.(job, summary);
          },
          (error: unknown) => schedule.onError?.(job, error),
        );
      }, ms);
      timer.unref();
      timers.push(timer);
    };
    every('finality', schedule.finalityMs, async () => {
      const r = await this.settle();
      if (r.promoted + r.dropped + r.moved === 0) return null;
      return `${r.checked} checked, ${r.promoted} promoted, ${r.dropped} dropped, ${r.moved} moved`;
    });
    every('reconcile', schedule.reconcileMs, async () => {
      const r = await this.reconcile();
      if (r.diffs.length === 0) return null;
      return `${r.accounts} accounts, ${r.diffs.length} differences, ${r.repaired} rows repaired`;
    });
    return () => {
      for (const timer of timers) clearInterval(timer);
    };
  }
}
