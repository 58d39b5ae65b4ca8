import {
  type Address,
  createSignableMessage,
  getAddressDecoder,
  getAddressEncoder,
  getI64Encoder,
  getPublicKeyFromAddress,
  type Instruction,
  type MessagePartialSigner,
  type SignatureBytes,
  verifySignature,
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

/**
 * The attestation message of a delivered job, from its on-chain account: what the
 * oracle had to sign for the program to accept the result. Verifiers build it here,
 * never by hand, so they follow any change to the message.
 */
export function attestationMessageOf(
  job: Address,
  j: {
    createdAt: bigint;
    weightsCid: ArrayLike<number>;
    inputCid: ArrayLike<number>;
    resultCid: ArrayLike<number>;
  },
): Uint8Array {
  return attestationMessage({
    job,
    createdAt: j.createdAt,
    weightsCid: Uint8Array.from(j.weightsCid),
    inputCid: Uint8Array.from(j.inputCid),
    resultCid: Uint8Array.from(j.resultCid),
  });
}

/** What an Ed25519-program instruction asks the runtime to check. */
export interface Ed25519Check {
  publicKey: Address;
  signature: Uint8Array;
  message: Uint8Array;
}

/**
 * Reads an Ed25519-program instruction of the layout the program accepts (one
 * signature, every offset pointing into the instruction itself); throws otherwise.
 */
export function parseEd25519Instruction(data: Uint8Array): Ed25519Check {
  if (data.length < 16 || data[0] !== 1) throw new RangeError('not an Ed25519 instruction with one signature');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const [sigOff, sigIx, keyOff, keyIx, msgOff, msgLen, msgIx] = [0, 1, 2, 3, 4, 5, 6].map((i) =>
    view.getUint16(2 + 2 * i, true),
  ) as [number, number, number, number, number, number, number];
  if (sigIx !== 0xffff || keyIx !== 0xffff || msgIx !== 0xffff) {
    throw new RangeError('the Ed25519 instruction points into other instructions');
  }
  if (sigOff + 64 > data.length || keyOff + 32 > data.length || msgOff + msgLen > data.length) {
    throw new RangeError('the Ed25519 instruction is truncated');
  }
  return {
    publicKey: getAddressDecoder().decode(data.subarray(keyOff, keyOff + 32)),
    signature: data.slice(sigOff, sigOff + 64),
    message: data.slice(msgOff, msgOff + msgLen),
  };
}

/** True when `signature` is `publicKey`'s Ed25519 signature of `message` (WebCrypto). */
export async function checkEd25519(c: Ed25519Check): Promise<boolean> {
  if (c.signature.length !== 64) return false;
  const key = await getPublicKeyFromAddress(c.publicKey);
  return verifySignature(key, c.signature as SignatureBytes, c.message);
}
