// submit_result's attestation: the Ed25519-program instruction in the same
// transaction must carry one signature, by the claiming oracle's attestation
// key, over "modelmint-result-v2" || job || created_at || weights || input || result
// digests, with every offset inside that instruction. Each test builds the
// transaction by hand and checks that a refused result leaves the job
// claimed and every account as it was.
import {
  ATTESTATION_DOMAIN,
  attestationMessage,
  ED25519_PROGRAM_ADDRESS,
  ed25519VerifyInstruction,
  fetchJobAccount,
  JobStatus,
  signAttestation,
  submitResultInstruction,
} from '@modelmint/sdk';
import {
  type Address,
  generateKeyPairSigner,
  getAddressEncoder,
  type Instruction,
  type KeyPairSigner,
} from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  concat,
  ed25519Data,
  expectProgramError,
  expectRuntimeFailure,
  expectWorldUnchanged,
  SELF_IX,
  snapshotWorld,
} from '../fixtures/attack-helpers.js';
import { claimedJob, registerOracle, type TestJob } from '../fixtures/attack-scenarios.js';
import { cidOf, type Marketplace, readyModel, setupMarketplace } from '../fixtures/marketplace.js';
import { send } from '../fixtures/svm.js';

/** What the oracle signs for `job` delivering `resultCid`, read from the chain. */
async function messageFor(m: Marketplace, job: Address, resultCid: Uint8Array): Promise<Uint8Array> {
  const j = await fetchJobAccount(m.sender, job);
  return attestationMessage({
    job,
    createdAt: j.createdAt,
    weightsCid: new Uint8Array(j.weightsCid),
    inputCid: new Uint8Array(j.inputCid),
    resultCid,
  });
}

/** An Ed25519 instruction in the SDK's layout: `signer` signs `message`, `publicKey` is declared. */
async function verifyIx(signer: KeyPairSigner, message: Uint8Array, publicKey: Address = signer.address) {
  return ed25519VerifyInstruction({ publicKey, signature: await signAttestation(signer, message), message });
}

/** A claimed job on a fresh marketplace, its result CID and the correct attestation message. */
async function claimed() {
  const m = await setupMarketplace();
  const t = await readyModel(m);
  const j = await claimedJob(m, t);
  const resultCid = await cidOf(`result-${j.job}`);
  const message = await messageFor(m, j.job, resultCid);
  const submit = await submitResultInstruction({ authority: m.oracle.authority, job: j.job, resultCid });
  return { m, t, j, resultCid, message, submit };
}

/**
 * Signatures a transaction pays for: the fee payer's plus every signature an
 * Ed25519-program instruction declares (the runtime charges precompile
 * signatures like transaction signatures, also when the transaction fails).
 */
function signatureCount(instructions: Instruction[]): number {
  return instructions.reduce(
    (n, ix) => n + (ix.programAddress === ED25519_PROGRAM_ADDRESS ? (ix.data?.[0] ?? 0) : 0),
    1,
  );
}

/** Sends `instructions` as the fixture oracle and expects nothing to change. */
async function refused(
  m: Marketplace,
  j: TestJob,
  instructions: Instruction[],
  expectFailure: (p: Promise<unknown>) => Promise<unknown>,
): Promise<void> {
  const before = snapshotWorld(m.svm, [m.oracle.authority.address, j.user.address]);
  await expectFailure(send(m.svm, m.oracle.authority, instructions));
  expectWorldUnchanged(m.svm, before, {
    feePayer: m.oracle.authority.address,
    signatures: signatureCount(instructions),
  });
  const job = await fetchJobAccount(m.sender, j.job);
  expect(job.status).toBe(JobStatus.Claimed);
  expect(job.deliveredAt).toBe(0n);
}

describe('submit_result attestation', () => {
  it('accepts a hand-built attestation by the attestation key over the exact message', async () => {
    const { m, j, resultCid, message, submit } = await claimed();
    expect(new TextDecoder().decode(message.subarray(0, ATTESTATION_DOMAIN.length))).toBe(ATTESTATION_DOMAIN);
    expect(message.length).toBe(ATTESTATION_DOMAIN.length + 32 + 8 + 3 * 32);
    await send(m.svm, m.oracle.authority, [await verifyIx(m.oracle.attestation, message), submit]);
    const job = await fetchJobAccount(m.sender, j.job);
    expect(job.status).toBe(JobStatus.Delivered);
    expect(new Uint8Array(job.resultCid)).toEqual(resultCid);
  });

  it('a forged signature is rejected by the Ed25519 precompile: the transaction fails', async () => {
    const { m, j, message, submit } = await claimed();
    const garbage = ed25519VerifyInstruction({
      publicKey: m.oracle.attestation.address,
      signature: new Uint8Array(64).fill(7),
      message,
    });
    // A real signature of the message, by another key, declared as the attestation key.
    const impostor = await generateKeyPairSigner();
    const borrowed = await verifyIx(impostor, message, m.oracle.attestation.address);
    // The real signature with one message bit flipped after signing.
    const flipped = await verifyIx(m.oracle.attestation, message);
    const data = new Uint8Array(flipped.data ?? []);
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    for (const forged of [garbage, borrowed, { ...flipped, data }]) {
      // Ed25519 precompile error 2 = InvalidSignature, at instruction 0.
      await refused(m, j, [forged, submit], (p) =>
        expectRuntimeFailure(p, /index: 0, error: InstructionErrorCustom \{ code: 2 \}/),
      );
    }
  });

  it('a correct signature over another result, input, weights, job or domain → InvalidAttestation', async () => {
    const { m, t, j, resultCid, submit } = await claimed();
    const job = await fetchJobAccount(m.sender, j.job);
    const other = await claimedJob(m, t);
    const base = {
      job: j.job,
      createdAt: job.createdAt,
      weightsCid: new Uint8Array(job.weightsCid),
      inputCid: new Uint8Array(job.inputCid),
      resultCid,
    };
    const right = attestationMessage(base);
    const wrongDomain = concat(
      new TextEncoder().encode('modelmint-result-v1'),
      right.subarray(ATTESTATION_DOMAIN.length),
    );
    const messages = [
      attestationMessage({ ...base, resultCid: await cidOf('another result') }),
      attestationMessage({ ...base, inputCid: await cidOf('another input') }),
      attestationMessage({ ...base, weightsCid: await cidOf('other weights') }),
      attestationMessage({ ...base, job: other.job }),
      attestationMessage({ ...base, createdAt: job.createdAt - 1n }),
      wrongDomain,
      right.subarray(ATTESTATION_DOMAIN.length), // no domain at all
      right.subarray(0, right.length - 1), // truncated
      concat(right, new Uint8Array(1)), // one byte appended
    ];
    for (const msg of messages) {
      await refused(m, j, [await verifyIx(m.oracle.attestation, msg), submit], (p) =>
        expectProgramError(p, 'InvalidAttestation'),
      );
    }
  });

  it("one job's attestation does not deliver another job of the same oracle → InvalidAttestation", async () => {
    const { m, t, j, message, submit } = await claimed();
    const other = await claimedJob(m, t);
    const resultCid = await cidOf(`result-${j.job}`);
    const submitOther = await submitResultInstruction({ authority: m.oracle.authority, job: other.job, resultCid });
    await refused(m, other, [await verifyIx(m.oracle.attestation, message), submitOther], (p) =>
      expectProgramError(p, 'InvalidAttestation'),
    );
    // Both in one transaction: the second submit finds no attestation for its job, and the first reverts with it.
    await refused(m, j, [await verifyIx(m.oracle.attestation, message), submit, submitOther], (p) =>
      expectProgramError(p, 'InvalidAttestation'),
    );
  });

  it('no Ed25519 instruction, or one placed after submit_result → MissingAttestation', async () => {
    const { m, j, message, submit } = await claimed();
    await refused(m, j, [submit], (p) => expectProgramError(p, 'MissingAttestation'));
    await refused(m, j, [submit, await verifyIx(m.oracle.attestation, message)], (p) =>
      expectProgramError(p, 'MissingAttestation'),
    );
  });

  it("another oracle's attestation key, or the claiming oracle's authority key, signing → InvalidAttestation", async () => {
    const { m, j, message, submit } = await claimed();
    const second = await registerOracle(m);
    for (const signer of [second.attestation, second.authority, m.oracle.authority]) {
      await refused(m, j, [await verifyIx(signer, message), submit], (p) =>
        expectProgramError(p, 'InvalidAttestation'),
      );
    }
  });

  it('offsets pointing into another instruction → InvalidAttestation, even where a naive reader would see the right key and message', async () => {
    const { m, j, message, submit } = await claimed();
    const attacker = await generateKeyPairSigner();
    // Instruction 0: the attacker's own valid signature of the right message (SDK layout:
    // key at 16, signature at 48, message at 112).
    const own = await verifyIx(attacker, message);
    // Instruction 1: the precompile verifies the bytes of instruction 0, while this
    // instruction's own bytes at the same offsets hold the oracle's key and the message.
    const decoy = concat(getAddressEncoder().encode(m.oracle.attestation.address), new Uint8Array(64), message);
    const pointing = {
      programAddress: own.programAddress,
      data: ed25519Data(
        [
          {
            signatureOffset: 48,
            signatureIx: 0,
            publicKeyOffset: 16,
            publicKeyIx: 0,
            messageOffset: 112,
            messageSize: message.length,
            messageIx: 0,
          },
        ],
        decoy,
      ),
    };
    await refused(m, j, [own, pointing, submit], (p) => expectProgramError(p, 'InvalidAttestation'));

    // The oracle's real key and signature, only the message read from instruction 0.
    const real = await verifyIx(m.oracle.attestation, message);
    const realData = new Uint8Array(real.data ?? []);
    const msgFromZero = ed25519Data(
      [
        {
          signatureOffset: 48,
          signatureIx: SELF_IX,
          publicKeyOffset: 16,
          publicKeyIx: SELF_IX,
          messageOffset: 112,
          messageSize: message.length,
          messageIx: 0,
        },
      ],
      realData.subarray(16),
    );
    // The precompile accepts it (instruction 0 holds the same message), the program does not.
    await refused(m, j, [own, { programAddress: real.programAddress, data: msgFromZero }, submit], (p) =>
      expectProgramError(p, 'InvalidAttestation'),
    );
  });

  it('an Ed25519 instruction with two signatures, one of them right → InvalidAttestation', async () => {
    const { m, j, message, submit } = await claimed();
    const real = new Uint8Array((await verifyIx(m.oracle.attestation, message)).data ?? []);
    const attacker = await generateKeyPairSigner();
    const junk = new TextEncoder().encode('junk');
    const junkSig = await signAttestation(attacker, junk);
    const keyBytes = getAddressEncoder().encode(attacker.address);
    // Body after a 30-byte header: [right key 32][right sig 64][message][junk key 32][junk sig 64][junk].
    const body = concat(real.subarray(16), keyBytes, junkSig, junk);
    const h = 2 + 14 * 2;
    const right = { key: h, sig: h + 32, msg: h + 96 };
    const second = { key: h + 96 + message.length, sig: h + 128 + message.length, msg: h + 192 + message.length };
    const data = ed25519Data(
      [
        {
          signatureOffset: right.sig,
          signatureIx: SELF_IX,
          publicKeyOffset: right.key,
          publicKeyIx: SELF_IX,
          messageOffset: right.msg,
          messageSize: message.length,
          messageIx: SELF_IX,
        },
        {
          signatureOffset: second.sig,
          signatureIx: SELF_IX,
          publicKeyOffset: second.key,
          publicKeyIx: SELF_IX,
          messageOffset: second.msg,
          messageSize: junk.length,
          messageIx: SELF_IX,
        },
      ],
      body,
    );
    const verify = { programAddress: (await verifyIx(attacker, junk)).programAddress, data };
    await refused(m, j, [verify, submit], (p) => expectProgramError(p, 'InvalidAttestation'));
  });

  it('an unrelated Ed25519 instruction before the right one does not hide it; a replayed delivery → InvalidJobStatus', async () => {
    const { m, j, message, submit } = await claimed();
    const attacker = await generateKeyPairSigner();
    const noise = await verifyIx(attacker, new TextEncoder().encode('noise'));
    const right = await verifyIx(m.oracle.attestation, message);
    await send(m.svm, m.oracle.authority, [noise, right, submit]);
    const delivered = await fetchJobAccount(m.sender, j.job);
    expect(delivered.status).toBe(JobStatus.Delivered);

    const before = snapshotWorld(m.svm, [m.oracle.authority.address]);
    await expectProgramError(send(m.svm, m.oracle.authority, [right, submit]), 'InvalidJobStatus');
    expectWorldUnchanged(m.svm, before, { feePayer: m.oracle.authority.address, signatures: 2 });
    expect(await fetchJobAccount(m.sender, j.job)).toEqual(delivered);
  });
});
