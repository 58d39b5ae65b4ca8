import {
  type Address,
  createSignableMessage,
  getAddressEncoder,
  getI64Encoder,
  type Instruction,
  type MessagePartialSigner,
} from '@solana/kit';
import { cidDigest } from './cid.js';
import { ED25519_PROGRAM_ADDRESS } from './constants.js';

/** Domain separator of the signed result (programs/modelmint/src/attestation.rs). */
export const ATTESTATION_DOMAIN = 'modelmint-result-v2';

/**
 * The bytes an oracle's attestation key signs for a result (the single
 * source of this message for the SDK, the oracle and `modelmint verify`):
 * domain || job || job's created_at (i64 little-endian) || weights digest ||
 * input digest || result digest. The creation time ties the signature to
 * one life of the job account, so a job closed and created again at the
 * same address cannot be delivered with an old attestation. A job without
 * weights (training from scratch) uses an all-zero CID.
 */
export function attestationMessage(p: {
  job: Address;
  /** The job account's `createdAt`, unix seconds. */
  createdAt: bigint;
  weightsCid: Uint8Array;
  inputCid: Uint8Array;
  resultCid: Uint8Array;
}): Uint8Array {
  const digest = (cid: Uint8Array) => (cid.every((b) => b === 0) ? new Uint8Array(32) : cidDigest(cid));
  const parts = [
    new TextEncoder().encode(ATTESTATION_DOMAIN),
    getAddressEncoder().encode(p.job),
    new Uint8Array(getI64Encoder().encode(p.createdAt)),
    digest(p.weightsCid),
    digest(p.inputCid),
    digest(p.resultCid),
  ];
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/**
 * An Ed25519-program instruction verifying `signature` of `message` by
 * `publicKey`, with every offset pointing into the instruction itself (the
 * only layout the program accepts).
 */
export function ed25519VerifyInstruction(p: {
  publicKey: Address;
  signature: Uint8Array;
  message: Uint8Array;
}): Instruction {
  if (p.signature.length !== 64) throw new RangeError('an Ed25519 signature is 64 bytes');
  const keyOff = 16;
  const sigOff = keyOff + 32;
  const msgOff = sigOff + 64;
  const data = new Uint8Array(msgOff + p.message.length);
  const view = new DataView(data.buffer);
  data[0] = 1;
  const self = 0xffff;
  [sigOff, self, keyOff, self, msgOff, p.message.length, self].forEach((v, i) => {
    view.setUint16(2 + 2 * i, v, true);
  });
  data.set(getAddressEncoder().encode(p.publicKey), keyOff);
  data.set(p.signature, sigOff);
  data.set(p.message, msgOff);
  return { programAddress: ED25519_PROGRAM_ADDRESS, data };
}

/** Signs an attestation message with the oracle's attestation key. */
export async function signAttestation(signer: MessagePartialSigner, message: Uint8Array): Promise<Uint8Array> {
  const [signatures] = await signer.signMessages([createSignableMessage(message)]);
  const signature = signatures?.[signer.address];
  if (!signature) throw new Error('the attestation signer returned no signature');
  return signature;
}
