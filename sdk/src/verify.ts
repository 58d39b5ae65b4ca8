// Anyone can check a delivered result: read the job from the chain, find the
// `submit_result` transaction and check the oracle's Ed25519 attestation in it against
// the key the Oracle account registers and the message the job's own fields give, then
// fetch the input, re-run the model deterministically on the CPU (a caller-supplied
// `rerun`: the CLI runs the Python worker) and compare the output's CID with the
// result CID on-chain. Browser-safe: the chain, the content and the re-run come in
// through the functions a caller passes, WebCrypto checks the signature.
import type { Address, GetSignaturesForAddressApi, GetTransactionApi, Rpc, Signature } from '@solana/kit';
import { fetchConfigAccount, fetchJobAccount, fetchModelAccount, fetchOracleAccount } from './actions.js';
import { attestationMessageOf, checkEd25519, type Ed25519Check, parseEd25519Instruction } from './attestation.js';
import { decodeBase58 } from './base58.js';
import { cidDigest, cidToString, isNoneCid, RAW_CODEC, rawCid } from './cid.js';
import { ED25519_PROGRAM_ADDRESS, JobKind, JobStatus, PROGRAM_ADDRESS } from './constants.js';
import { SUBMIT_RESULT_DISCRIMINATOR } from './generated/instructions/submitResult.js';
import {
  type CategoryName,
  categoryNameOf,
  type InferenceRequest,
  JobInputError,
  MAX_IMAGE_BYTES,
  MAX_INFERENCE_INPUT_BYTES,
  parseInferenceInput,
} from './job-input.js';
import type { TransactionSender } from './sender.js';

/** A landed transaction as verification needs it. */
export interface LandedTransaction {
  accountKeys: readonly string[];
  instructions: readonly { programIdIndex: number; data: Uint8Array }[];
  failed: boolean;
}

/** Where the transactions that touched a job come from. */
export interface JobHistory {
  /** Signatures of the transactions that touched `address`, newest first. */
  signaturesFor(address: Address): Promise<string[]>;
  transaction(signature: string): Promise<LandedTransaction | null>;
}

/** A {@link JobHistory} over JSON-RPC (`getSignaturesForAddress`, `getTransaction`). */
export function rpcJobHistory(rpc: Rpc<GetSignaturesForAddressApi & GetTransactionApi>): JobHistory {
  return {
    async signaturesFor(address) {
      const rows = await rpc.getSignaturesForAddress(address, { commitment: 'confirmed', limit: 1000 }).send();
      return rows.map((r) => r.signature);
    },
    async transaction(signature) {
      const tx = await rpc
        .getTransaction(signature as Signature, {
          commitment: 'confirmed',
          encoding: 'json',
          maxSupportedTransactionVersion: 0,
        })
        .send();
      if (!tx) return null;
      const message = tx.transaction.message;
      const loaded = tx.meta?.loadedAddresses;
      return {
        accountKeys: [...message.accountKeys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])],
        instructions: message.instructions.map((ix) => ({
          programIdIndex: ix.programIdIndex,
          data: decodeBase58(ix.data),
        })),
        failed: tx.meta?.err !== null && tx.meta?.err !== undefined,
      };
    },
  };
}

/** The result a `submit_result` transaction delivered, with the signature it carried. */
export interface SubmittedResult {
  transaction: string;
  resultCid: Uint8Array;
  attestation: Ed25519Check;
}

const startsWith = (data: Uint8Array, prefix: Uint8Array) =>
  data.length >= prefix.length && prefix.every((b, i) => data[i] === b);

/** The landed `submit_result` of `job` and its Ed25519 instruction, if any. */
export async function findSubmittedResult(
  history: JobHistory,
  job: Address,
  programAddress: Address = PROGRAM_ADDRESS,
): Promise<SubmittedResult | undefined> {
  for (const signature of await history.signaturesFor(job)) {
    const tx = await history.transaction(signature);
    if (!tx || tx.failed) continue;
    const program = (ix: { programIdIndex: number }) => tx.accountKeys[ix.programIdIndex];
    const submit = tx.instructions.find(
      (ix) => program(ix) === programAddress && startsWith(ix.data, SUBMIT_RESULT_DISCRIMINATOR),
    );
    const ed = tx.instructions.find((ix) => program(ix) === ED25519_PROGRAM_ADDRESS);
    if (!submit || !ed) continue;
    return {
      transaction: signature,
      resultCid: submit.data.slice(8, 44),
      attestation: parseEd25519Instruction(ed.data),
    };
  }
  return undefined;
}

/** What a re-run needs: the category, the version's weights and the parsed input. */
export interface RerunRequest {
  category: CategoryName;
  /** The version's weights CID; all zeros when the job ran the bare base model. */
  weightsCid: Uint8Array;
  input: InferenceRequest;
  /** The input CID's bytes (a style job's image when the input is the image itself). */
  inputBytes: Uint8Array;
}

export interface VerifyDeps {
  sender: Pick<TransactionSender, 'getAccountData' | 'getUnixTime'>;
  history: JobHistory;
  programAddress?: Address;
  /** Reads a file by CID (at most `maxBytes`); omitted: the content is not checked. */
  fetchFile?: (cid: Uint8Array, maxBytes: number) => Promise<Uint8Array>;
  /** Runs the model on the reference CPU and returns the output bytes; omitted: no re-run. */
  rerun?: (r: RerunRequest) => Promise<Uint8Array>;
}

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface VerifyStep {
  step: 'job' | 'oracle' | 'attestation' | 'input' | 'rerun' | 'result';
  status: StepStatus;
  detail: string;
}

/**
 * - verified: attestation valid and the re-run gives the on-chain result CID;
 * - mismatch: the attestation does not hold, or the re-run gives another output;
 * - attested: the attestation holds, the result was not re-computed (a training job,
 *   or no content/re-run given);
 * - unverifiable: no result to check, or a step could not be done (content missing...).
 */
export type Verdict = 'verified' | 'mismatch' | 'attested' | 'unverifiable';

export interface VerifyReport {
  job: Address;
  verdict: Verdict;
  steps: VerifyStep[];
  requester?: Address;
  oracle?: Address;
  resultCid?: string;
  /** CID of the output the re-run produced. */
  recomputedCid?: string;
  submitTransaction?: string;
  /** Whether the requester can still dispute (delivered, window open), and until when (unix s). */
  disputable: boolean;
  disputeWindowEnds?: bigint;
}

/** Checks a delivered job; never throws for a failed check, only for a broken dependency. */
export async function verifyJob(job: Address, d: VerifyDeps): Promise<VerifyReport> {
  const steps: VerifyStep[] = [];
  const report: VerifyReport = { job, verdict: 'unverifiable', steps, disputable: false };
  const step = (s: VerifyStep['step'], status: StepStatus, detail: string) => {
    steps.push({ step: s, status, detail });
    return status === 'ok';
  };
  const opts = d.programAddress ? { programAddress: d.programAddress } : {};

  const j = await fetchJobAccount(d.sender as TransactionSender, job);
  report.requester = j.requester;
  const delivered = ([JobStatus.Delivered, JobStatus.Disputed, JobStatus.Settled] as number[]).includes(j.status);
  const resultCid = Uint8Array.from(j.resultCid);
  if (!delivered || isNoneCid(resultCid)) {
    step('job', 'failed', `job has no result to check (status ${j.status}: ${JobStatusName[j.status] ?? '?'})`);
    return report;
  }
  report.resultCid = cidToString(resultCid);
  const kind = j.kind === JobKind.Training ? 'training' : 'inference';
  step('job', 'ok', `${kind} job, ${JobStatusName[j.status]}, version ${j.version}, result ${report.resultCid}`);
  if (j.status === JobStatus.Delivered) {
    const cfg = await fetchConfigAccount(d.sender as TransactionSender, opts);
    report.disputeWindowEnds = j.deliveredAt + cfg.disputeWindowSecs;
    report.disputable = (await d.sender.getUnixTime()) < report.disputeWindowEnds;
  }

  const oracle = await fetchOracleAccount(d.sender as TransactionSender, j.oracle);
  report.oracle = j.oracle;
  step('oracle', 'ok', `oracle ${j.oracle}: authority ${oracle.authority}, attestation key ${oracle.attestationKey}`);

  const submitted = await findSubmittedResult(d.history, job, d.programAddress);
  if (!submitted) {
    step('attestation', 'skipped', 'no submit_result transaction found in the history of the RPC node');
  } else {
    report.submitTransaction = submitted.transaction;
    const a = submitted.attestation;
    const expected = attestationMessageOf(job, j);
    const sameMessage = a.message.length === expected.length && a.message.every((b, i) => b === expected[i]);
    const problems = [
      cidToString(submitted.resultCid) === report.resultCid ? '' : 'the transaction delivered another result',
      a.publicKey === oracle.attestationKey ? '' : `signed by ${a.publicKey}, not the registered attestation key`,
      sameMessage ? '' : "the signed message is not (job, weights, input, result) of this job's account",
      (await checkEd25519(a)) ? '' : 'the signature does not verify',
    ].filter(Boolean);
    if (problems.length) {
      step('attestation', 'failed', problems.join('; '));
      report.verdict = 'mismatch';
      return report;
    }
    step(
      'attestation',
      'ok',
      `Ed25519 signature by the registered key over (job, weights, input, result), transaction ${submitted.transaction}`,
    );
  }
  const attested = steps.some((s) => s.step === 'attestation' && s.status === 'ok');

  if (j.kind === JobKind.Training) {
    step(
      'rerun',
      'skipped',
      're-running training is not part of verify; the attestation and the result CID are checked',
    );
    report.verdict = attested ? 'attested' : 'unverifiable';
    return report;
  }
  if (!d.fetchFile || !d.rerun) {
    step('rerun', 'skipped', 'no content store or worker given');
    report.verdict = attested ? 'attested' : 'unverifiable';
    return report;
  }

  const model = await fetchModelAccount(d.sender as TransactionSender, j.model);
  const category = categoryNameOf(model.category);
  const inputCid = Uint8Array.from(j.inputCid);
  let input: InferenceRequest;
  let inputBytes: Uint8Array;
  try {
    inputBytes = await d.fetchFile(inputCid, category === 'style' ? MAX_IMAGE_BYTES : MAX_INFERENCE_INPUT_BYTES);
  } catch (e) {
    step('input', 'failed', `cannot fetch the input ${cidToString(inputCid)}: ${(e as Error).message}`);
    return report;
  }
  if (inputCid[1] === RAW_CODEC && cidToString(await rawCid(inputBytes)) !== cidToString(inputCid)) {
    step('input', 'failed', 'the fetched input does not hash to its CID');
    return report;
  }
  try {
    if (!category) throw new JobInputError(`unknown model category ${model.category}`);
    input = parseInferenceInput(category, inputBytes);
  } catch (e) {
    if (!(e instanceof JobInputError)) throw e;
    step('input', 'failed', `the worker refuses this input (${e.message}), so no result should have been delivered`);
    report.verdict = 'mismatch';
    return report;
  }
  step('input', 'ok', `${inputBytes.length} bytes, ${category} request, seed ${input.seed}`);

  let output: Uint8Array;
  try {
    output = await d.rerun({ category, weightsCid: Uint8Array.from(j.weightsCid), input, inputBytes });
  } catch (e) {
    step('rerun', 'failed', `the re-run did not complete: ${(e as Error).message}`);
    return report;
  }
  const recomputed = await rawCid(output);
  report.recomputedCid = cidToString(recomputed);
  step('rerun', 'ok', `${output.length} bytes, sha256 ${hex(cidDigest(recomputed))}`);

  if (report.recomputedCid === report.resultCid) {
    step('result', 'ok', `the re-run output is the on-chain result ${report.resultCid}`);
    report.verdict = attested ? 'verified' : 'unverifiable';
  } else {
    step('result', 'failed', `on-chain result ${report.resultCid}, the re-run gives ${report.recomputedCid}`);
    report.verdict = 'mismatch';
  }
  return report;
}

const JobStatusName: Record<number, string> = {
  [JobStatus.Open]: 'open',
  [JobStatus.Claimed]: 'claimed',
  [JobStatus.Delivered]: 'delivered',
  [JobStatus.Disputed]: 'disputed',
  [JobStatus.Settled]: 'settled',
  [JobStatus.Refunded]: 'refunded',
};

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
