// How a job step ends a job with fail_job(reason code).
import { CID } from 'multiformats/cid';
import { cidBytes } from './ipfs.js';
import { ReasonCode } from './worker.js';

/** Thrown by the job steps to end a job with fail_job(reasonCode). */
export class JobFailure extends Error {
  constructor(
    readonly reasonCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** The binary CIDv1 of a CID string (any multibase multiformats knows). */
export function parseCid(s: string): Uint8Array {
  try {
    return cidBytes(CID.parse(s));
  } catch (e) {
    throw new JobFailure(ReasonCode.InputInvalid, `not a CIDv1 sha2-256: ${s} (${(e as Error).message})`);
  }
}
