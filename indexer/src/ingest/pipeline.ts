import type { Db } from '../db/index.js';
import type { FoldEnv } from './fold/run.js';
import { type IngestPlan, planBatch } from './plan.js';
import type { PreparedBatch } from './prepare.js';

/** A pipelined write still in flight, as the write after it sees it. */
export interface WriteInFlight {
  /** Settles once that write holds the ingest lock, or has ended. */
  readonly locked: Promise<void>;
  /** That write. */
  readonly done: Promise<unknown>;
}

/** Where a write stands in the pipeline; handed to `ingestBatch` as its `order` option. */
export interface WriteOrder {
  /** The write before this one while it is still in flight (then a planned batch copies ahead). */
  readonly previous: WriteInFlight | null;
  /** Called by the ingest once this write holds the ingest lock. */
  locked(): void;
}

/** Writes one batch through the ingest path, with its plan when there is one and its place in the pipeline. */
export type PlannedWrite = (plan: IngestPlan | null, order: WriteOrder) => Promise<unknown>;

interface Write extends WriteInFlight {
  readonly plan: IngestPlan | null;
  /** Whether `done` has settled. */
  ended: boolean;
}

/**
 * Ingests consecutive batches of one source (a backfill) so that Node and the database work at
 * once. Each batch's fold is planned (plan.ts) while the batch before it is written, on the rows
 * that batch leaves; its write then starts at once: its transactions and events are copied while
 * the batch before finishes its fold writes, and it takes the ingest lock, writes its own fold and
 * commits after that one (ingest.ts, `copyAhead`). So at most two writes are in flight, and they
 * commit in order; a write's failure keeps the writes after it from committing and is thrown by
 * the next `push` or by `drain`.
 */
export class IngestPipeline {
  /** Writes in flight, oldest first (at most two). */
  #writes: Write[] = [];

  constructor(
    private readonly db: Db,
    private readonly env: FoldEnv,
  ) {}

  /** Plans the batch and starts its write (`write`). */
  async push(prepared: PreparedBatch, write: PlannedWrite): Promise<void> {
    // The plan reads what its carry lacks from the database: every write before the previous one must be in.
    while (this.#writes.length > 1) await this.#settle(this.#writes.shift() as Write);
    let previous = this.#writes.shift();
    let plan = previous?.plan ? await this.#plan(prepared, previous.plan) : null;
    // A plan on the previous batch's plan holds only if that one commits as planned, which needs the
    // one before it to have (or, once it has ended, it did); otherwise (or with no plan at all)
    // wait for the previous batch and plan on what it left.
    if (!plan || !willHold(previous)) {
      if (previous) await this.#settle(previous);
      previous = undefined;
      plan = await this.#plan(prepared, null);
    }
    let locked = () => {};
    const lockedSignal = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const current: Write = {
      plan,
      locked: lockedSignal,
      done: write(plan, { previous: previous ?? null, locked }),
      ended: false,
    };
    // A failure is reported by the next push or drain.
    const ended = () => {
      current.ended = true;
      locked();
    };
    current.done.then(ended, ended);
    this.#writes = previous ? [previous, current] : [current];
  }

  /** Waits for the writes in flight; throws the first failure. */
  async drain(): Promise<void> {
    while (this.#writes.length > 0) await this.#settle(this.#writes.shift() as Write);
  }

  /** Waits for `write`; on failure, lets the writes after it end (they do not commit) and throws. */
  async #settle(write: Write): Promise<void> {
    try {
      await write.done;
    } catch (error) {
      const rest = this.#writes.splice(0);
      await Promise.allSettled(rest.map((w) => w.done));
      throw error;
    }
  }

  /** A plan, or null: a batch that cannot be planned (or whose planning fails) takes the ordinary path, which reports any error. */
  async #plan(prepared: PreparedBatch, after: IngestPlan | null): Promise<IngestPlan | null> {
    try {
      return await planBatch(this.db, this.env, prepared, after);
    } catch {
      return null;
    }
  }
}

/** Whether a write can still commit as planned (then a plan built on its plan may hold). */
function willHold(write: Write | undefined): boolean {
  const plan = write?.plan;
  if (!plan) return false;
  if (write.ended) return plan.committedEpoch !== null;
  return plan.after === null || plan.after.committedEpoch !== null;
}
