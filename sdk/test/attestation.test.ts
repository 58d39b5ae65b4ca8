// The attestation message (what the oracle signs) and the Ed25519-program
// instruction layout the program accepts.
import { createPublicKey, verify } from 'node:crypto';
import { generateKeyPairSigner, getAddressEncoder, getI64Encoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  ATTESTATION_DOMAIN,
  attestationMessage,
  cidDigest,
  ED25519_PROGRAM_ADDRESS,
  ed25519VerifyInstruction,
  rawCid,
  signAttestation,
} from '../src/index.js';

const enc = new TextEncoder();

describe('attestationMessage', () => {
  it('is domain ‖ job ‖ created_at ‖ weights ‖ input ‖ result digests: 155 bytes', async () => {
    const job = (await generateKeyPairSigner()).address;
    const [weightsCid, inputCid, resultCid] = await Promise.all(['w', 'i', 'r'].map((t) => rawCid(enc.encode(t))));
    if (!weightsCid || !inputCid || !resultCid) throw new Error('cids');
    const createdAt = 1_790_000_123n;
    const msg = attestationMessage({ job, createdAt, weightsCid, inputCid, resultCid });
    expect(ATTESTATION_DOMAIN).toBe('modelmint-result-v2');
    expect(msg.length).toBe(155);
    expect(new TextDecoder().decode(msg.subarray(0, 19))).toBe('modelmint-result-v2');
    expect(msg.subarray(19, 51)).toEqual(new Uint8Array(getAddressEncoder().encode(job)));
    expect(msg.subarray(51, 59)).toEqual(new Uint8Array(getI64Encoder().encode(createdAt)));
    expect(msg.subarray(59, 91)).toEqual(cidDigest(weightsCid));
    expect(msg.subarray(91, 123)).toEqual(cidDigest(inputCid));
    expect(msg.subarray(123, 155)).toEqual(cidDigest(resultCid));
  });

  it('differs for the same job address created at another time', async () => {
    const job = (await generateKeyPairSigner()).address;
    const cid = await rawCid(enc.encode('x'));
    const at = (createdAt: bigint) =>
      attestationMessage({ job, createdAt, weightsCid: cid, inputCid: cid, resultCid: cid });
    expect(at(100n)).not.toEqual(at(101n));
  });

  it('uses 32 zero bytes for a job without weights', async () => {
    const job = (await generateKeyPairSigner()).address;
    const cid = await rawCid(enc.encode('x'));
    const msg = attestationMessage({
      job,
      createdAt: 0n,
      weightsCid: new Uint8Array(36),
      inputCid: cid,
      resultCid: cid,
    });
    expect(msg.subarray(59, 91)).toEqual(new Uint8Array(32));
  });
});

describe('ed25519VerifyInstruction', () => {
  it('lays out one signature with every offset inside the instruction', async () => {
    const signer = await generateKeyPairSigner();
    const message = enc.encode('a message of some length');
    const signature = await signAttestation(signer, message);
    const ix = ed25519VerifyInstruction({ publicKey: signer.address, signature, message });
    expect(ix.programAddress).toBe(ED25519_PROGRAM_ADDRESS);
    expect(ix.accounts ?? []).toEqual([]);
    const data = ix.data ?? new Uint8Array();
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const u16 = (at: number) => view.getUint16(at, true);
    expect(data[0]).toBe(1); // one signature
    expect(data[1]).toBe(0); // padding
    const [sigOff, sigIx, keyOff, keyIx, msgOff, msgLen, msgIx] = [2, 4, 6, 8, 10, 12, 14].map(u16);
    expect([sigIx, keyIx, msgIx]).toEqual([0xffff, 0xffff, 0xffff]);
    expect([keyOff, sigOff, msgOff, msgLen]).toEqual([16, 48, 112, message.length]);
    expect(data.length).toBe(112 + message.length);
    expect(data.subarray(16, 48)).toEqual(new Uint8Array(getAddressEncoder().encode(signer.address)));
    expect(data.subarray(48, 112)).toEqual(signature);
    expect(data.subarray(112)).toEqual(message);
    // The signature verifies with the embedded key over the embedded message.
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), data.subarray(16, 48)]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verify(null, data.subarray(112), key, data.subarray(48, 112))).toBe(true);
  });

  it('rejects a signature that is not 64 bytes', async () => {
    const signer = await generateKeyPairSigner();
    expect(() =>
      ed25519VerifyInstruction({ publicKey: signer.address, signature: new Uint8Array(63), message: enc.encode('m') }),
    ).toThrow(RangeError);
  });
});
