import type { Db } from '../db/index.js';
import type { FoldEnv } from './fold/run.js';
import { type IngestPlan, planBatch } from './plan.js';
import type { PreparedBatch } from './prepare.js';

/** Writes one batch through the ingest path, with its plan when there is one. */
export type PlannedWrite = (plan: IngestPlan | null) => Promise<unknown>;

/**
 * Ingests consecutive batches of one source (a backfill) so that Node and the database work at
 * once: each batch's fold is planned (plan.ts) while the batch before it is written, on the rows
 * that batch leaves. Batches are written one at a time, in order; a write's failure is thrown by
 * the next `push` or by `drain`.
 */
export class IngestPipeline {
  #previous: { plan: IngestPlan | null; writing: Promise<unknown> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly env: FoldEnv,
  ) {}

  /** Plans the batch, waits for the previous write, and starts this one's (`write`). */
  async push(prepared: PreparedBatch, write: PlannedWrite): Promise<void> {
    const previous = this.#previous;
    this.#previous = undefined;
    let plan = previous?.plan ? await this.#plan(prepared, previous.plan) : null;
    if (previous) await previous.writing;
    // The previous batch was not written as planned (or had no plan): plan on what it left.
    if (!plan || plan.after?.committedEpoch === null) plan = await this.#plan(prepared, null);
    const writing = write(plan);
    // A failure is reported by the next push or drain.
    writing.catch(() => {});
    this.#previous = { plan, writing };
  }

  /** Waits for the last write. */
  async drain(): Promise<void> {
    const previous = this.#previous;
    this.#previous = undefined;
    await previous?.writing;
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
