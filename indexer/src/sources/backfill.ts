import type { Commitment } from '@modelmint/migrations';
import type { Db } from '../db/index.js';
import type { DecodedTransaction, RawTransaction, TxDecoder } from '../ingest/decoder.js';
import { foldEnv } from '../ingest/fold/run.js';
import type { IngestOptions, IngestResult } from '../ingest/ingest.js';
import { IngestPipeline } from '../ingest/pipeline.js';
import { prepareBatch } from '../ingest/prepare.js';
import type { RpcClient, SignatureInfo } from './rpc.js';

/** Where decoded transactions go: the one ingest path (IngestService.ingestBatch or ingestBatch). */
export type IngestSink = (txs: DecodedTransaction[], options: IngestOptions) => Promise<IngestResult[]>;

export interface SyncOptions {
  programId: string;
  /** Cursor name (default 'rpc'). */
  source?: string;
  commitment?: Commitment;
  /** Signatures per getSignaturesForAddress page (≤ 1000). */
  pageSize?: number;
  /** Transactions per database transaction. */
  batchSize?: number;
  /** getTransaction calls in flight. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each committed batch. */
  onBatch?: (done: number, total: number) => void;
}

export interface SyncResult {
  listed: number;
  ingested: number;
  new: number;
}

/**
 * Brings the database up to the chain's tip: pages `getSignaturesForAddress(program)` back from
 * the newest signature to the source's cursor, then fetches each transaction (`getTransaction`)
 * oldest first and ingests them in batches; each batch and the cursor commit together.
 *
 * Positions: a transaction's index among the program's transactions of its slot comes from the
 * signature list (newest first within a slot, as validators list them). The cursor only moves to
 * the last transaction of a slot, so a restart lists a partly ingested slot whole again and gives
 * every transaction the same index as before (already ingested ones are duplicates).
 */
export async function syncToTip(
  rpc: RpcClient,
  db: Db,
  decoder: TxDecoder,
  sink: IngestSink,
  o: SyncOptions,
): Promise<SyncResult> {
  const source = o.source ?? 'rpc';
  const commitment = o.commitment ?? 'confirmed';
  const cursor = await db
    .selectFrom('ingest_cursors')
    .select(['signature'])
    .where('source', '=', source)
    .executeTakeFirst();
  const listed: SignatureInfo[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await rpc.call<SignatureInfo[]>('getSignaturesForAddress', [
      o.programId,
      {
        limit: o.pageSize ?? 1000,
        commitment,
        ...(before ? { before } : {}),
        ...(cursor?.signature ? { until: cursor.signature } : {}),
      },
    ]);
    listed.push(...page);
    const last = page.at(-1);
    if (!last || page.length < (o.pageSize ?? 1000)) break;
    before = last.signature;
    o.signal?.throwIfAborted();
  }
  const ordered = listed.reverse();
  // Index within the slot among the program's transactions (oldest first).
  const index = new Map<string, number>();
  let slot = -1;
  let n = 0;
  for (const s of ordered) {
    if (s.slot !== slot) {
      slot = s.slot;
      n = 0;
    }
    index.set(s.signature, n++);
  }
  const result: SyncResult = { listed: ordered.length, ingested: 0, new: 0 };
  const batchSize = o.batchSize ?? 200;
  const fetchBatch = async (i: number) => {
    const part = ordered.slice(i, i + batchSize);
    const raws = await mapLimit(part, o.concurrency ?? 8, (s) =>
      rpc.call<RawTransaction | null>('getTransaction', [
        s.signature,
        { encoding: 'json', commitment, maxSupportedTransactionVersion: 0 },
      ]),
    );
    const decoded: DecodedTransaction[] = [];
    for (const [k, raw] of raws.entries()) {
      const info = part[k] as SignatureInfo;
      if (!raw) throw new Error(`getTransaction returned nothing for ${info.signature}`);
      const tx = decoder.decode({ ...raw, indexWithinBlock: index.get(info.signature) ?? null }, commitment);
      if (tx) decoded.push(tx);
    }
    // The cursor moves to the last transaction of the last slot this batch completes.
    const next = ordered[i + batchSize];
    let end = part.length - 1;
    if (next) while (end >= 0 && (part[end] as SignatureInfo).slot === next.slot) end--;
    const prepared = await prepareBatch(decoded, true);
    return { part, decoded, prepared, mark: end >= 0 ? (part[end] as SignatureInfo) : undefined };
  };
  // The next batch is fetched, decoded, prepared and its fold planned while this one is written
  // (RPC, Node and database overlap; see IngestPipeline).
  const pipeline = new IngestPipeline(db, await foldEnv(o.programId));
  let pending = ordered.length > 0 ? fetchBatch(0) : undefined;
  for (let i = 0; pending; i += batchSize) {
    o.signal?.throwIfAborted();
    const { part, decoded, prepared, mark } = await pending;
    pending = i + batchSize < ordered.length ? fetchBatch(i + batchSize) : undefined;
    // A prefetch that fails while this batch is written is reported by the next iteration's await.
    pending?.catch(() => {});
    const done = i + part.length;
    await pipeline.push(prepared, async (plan, order) => {
      const results = await sink(decoded, {
        prepared,
        plan,
        order,
        ...(mark ? { cursor: { source, slot: String(mark.slot), signature: mark.signature } } : {}),
      });
      result.ingested += decoded.length;
      result.new += results.filter((r) => r.status === 'new').length;
      o.onBatch?.(done, ordered.length);
    });
  }
  await pipeline.drain();
  return result;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
