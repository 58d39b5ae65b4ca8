// Training progress to the indexer: POST {indexerUrl}/oracle/progress with a
// body signed by the oracle's attestation key (the key registered in its
// on-chain Oracle account), so the indexer can tell real progress from noise.
//
// Body (JSON):  {"payload": "<string>", "signature": "<base64, 64 bytes>", "key": "<base58 attestation key>"}
// Signed bytes: UTF-8 of  PROGRESS_DOMAIN + "\n" + payload   (payload exactly as sent, not re-serialised)
// payload is the JSON text of a ProgressPayload.
import { getBase58Encoder, type KeyPairSigner, signBytes } from '@solana/kit';
import type { Logger } from './log.js';
import type { ProgressEvent } from './worker.js';

export const PROGRESS_DOMAIN = 'modelmint-progress-v1';

/** What a progress report says. Every field is always present (null when unknown). */
export interface ProgressPayload {
  /** Format version: 1. */
  v: 1;
  /** Job account address (base58). */
  job: string;
  /** Oracle PDA that claimed the job (base58). */
  oracle: string;
  /** Increases by one per report of this job from this process; restart resets to 0 with a newer `ts`. */
  seq: number;
  /** Unix time of the report, milliseconds. */
  ts: number;
  phase: string;
  epoch: number;
  epochs: number;
  step: number;
  steps_total: number;
  train_loss: number | null;
  val_loss: number | null;
  eta_secs: number | null;
}

/** The bytes that are signed for `payload` (the exact string sent). */
export function progressMessage(payload: string): Uint8Array {
  return new TextEncoder().encode(`${PROGRESS_DOMAIN}\n${payload}`);
}

/** Builds the signed request body for one report. */
export async function signProgress(signer: KeyPairSigner, p: ProgressPayload): Promise<string> {
  const payload = JSON.stringify(p);
  const signature = await signBytes(signer.keyPair.privateKey, progressMessage(payload));
  return JSON.stringify({ payload, signature: Buffer.from(signature).toString('base64'), key: signer.address });
}

/** Verifies a body as the indexer should (besides checking that `key` is the claiming oracle's attestation key). */
export async function verifyProgressBody(body: string): Promise<ProgressPayload | null> {
  const { payload, signature, key } = JSON.parse(body) as { payload: string; signature: string; key: string };
  const publicKey = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(getBase58Encoder().encode(key)),
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  const ok = await crypto.subtle.verify(
    { name: 'Ed25519' },
    publicKey,
    new Uint8Array(Buffer.from(signature, 'base64')),
    new Uint8Array(progressMessage(payload)),
  );
  return ok ? (JSON.parse(payload) as ProgressPayload) : null;
}

/** Sends a job's progress events, throttled, in order, never throwing. */
export class ProgressReporter {
  private seq = 0;
  private lastSent = 0;
  private lastEpoch = 0;
  private chain: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(
    private readonly o: {
      url: string | undefined;
      signer: KeyPairSigner;
      job: string;
      oracle: string;
      log: Logger;
      minIntervalMs?: number;
      fetch?: typeof fetch;
    },
  ) {}

  /** Queues a report for `e` (dropped when throttled, except at an epoch's end). */
  report(e: ProgressEvent): void {
    if (!this.o.url) return;
    const now = Date.now();
    const epochEnd = e.val_loss !== null && e.epoch !== this.lastEpoch;
    if (!epochEnd && now - this.lastSent < (this.o.minIntervalMs ?? 1000)) return;
    this.lastSent = now;
    if (epochEnd) this.lastEpoch = e.epoch;
    const payload: ProgressPayload = {
      v: 1,
      job: this.o.job,
      oracle: this.o.oracle,
      seq: this.seq++,
      ts: now,
      phase: e.phase,
      epoch: e.epoch,
      epochs: e.epochs,
      step: e.step,
      steps_total: e.steps_total,
      train_loss: e.train_loss,
      val_loss: e.val_loss,
      eta_secs: e.eta_secs,
    };
    this.chain = this.chain.then(() => this.send(payload));
  }

  private async send(p: ProgressPayload): Promise<void> {
    const url = `${(this.o.url ?? '').replace(/\/$/, '')}/oracle/progress`;
    try {
      const res = await (this.o.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: await signProgress(this.o.signer, p),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok && !this.warned) {
        this.warned = true;
        this.o.log.warn('indexer refused a progress report', { status: res.status, job: this.o.job });
      }
    } catch (e) {
      if (!this.warned) {
        this.warned = true;
        this.o.log.warn('progress report failed', { error: (e as Error).message, job: this.o.job });
      }
    }
  }

  /** Resolves when every queued report was sent or given up. */
  flush(): Promise<void> {
    return this.chain;
  }
}
