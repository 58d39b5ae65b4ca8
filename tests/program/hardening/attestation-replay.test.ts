// Issue 15, case 6: an oracle's attestation binds the job's created_at, so a
// job closed and created again at the same address (same requester and nonce,
// same weights and input) cannot be delivered with the attestation of its
// earlier life.
import {
  attestationMessage,
  claimJob,
  closeJob,
  disputeJob,
  ed25519VerifyInstruction,
  fetchJobAccount,
  JobStatus,
  requestGeneration,
  resolveDispute,
  signAttestation,
  submitResult,
  submitResultInstruction,
} from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { expectWorldUnchanged, snapshotWorld } from '../../fixtures/attack-helpers.js';
import { cidOf, type Marketplace, readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import { exists, expectProgramError } from '../../fixtures/money-helpers.js';
import { fundedKeypair, send, warp } from '../../fixtures/svm.js';

/** The Ed25519 verification and submit_result the oracle sends for `job` delivering `resultCid`. */
async function delivery(m: Marketplace, job: Address, resultCid: Uint8Array) {
  const j = await fetchJobAccount(m.sender, job);
  const message = attestationMessage({
    job,
    createdAt: j.createdAt,
    weightsCid: new Uint8Array(j.weightsCid),
    inputCid: new Uint8Array(j.inputCid),
    resultCid,
  });
  const signature = await signAttestation(m.oracle.attestation, message);
  return [
    ed25519VerifyInstruction({ publicKey: m.oracle.attestation.address, signature, message }),
    await submitResultInstruction({ authority: m.oracle.authority, job, resultCid }),
  ];
}

describe('attestation replay across a job re-created at the same address', () => {
  it('the old attestation is refused (InvalidAttestation); a fresh one delivers', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const user = await fundedKeypair(m.svm);
    const inputCid = await cidOf('the same input');
    const resultCid = await cidOf('the same result');
    const first = await requestGeneration(m.sender, { user, model: t.model, inputCid });
    const createdBefore = (await fetchJobAccount(m.sender, first.job)).createdAt;
    await claimJob(m.sender, { authority: m.oracle.authority, job: first.job });
    const old = await delivery(m, first.job, resultCid);
    await send(m.svm, m.oracle.authority, old);
    // The job ends quickly (dispute resolved at once) and its requester closes it.
    await disputeJob(m.sender, { requester: user, job: first.job, reasonCid: await cidOf('meh') });
    await resolveDispute(m.sender, { arbiter: m.arbiter, job: first.job, refundBps: 0 });
    await closeJob(m.sender, { requester: user, job: first.job });
    expect(exists(m, first.job)).toBe(false);

    warp(m.svm, 1n);
    const second = await requestGeneration(m.sender, { user, model: t.model, inputCid, nonce: first.nonce });
    expect(second.job).toBe(first.job);
    const recreated = await fetchJobAccount(m.sender, second.job);
    expect(recreated.createdAt).toBeGreaterThan(createdBefore);
    await claimJob(m.sender, { authority: m.oracle.authority, job: second.job });

    const before = snapshotWorld(m.svm, [second.job, m.oracle.authority.address]);
    await expectProgramError(send(m.svm, m.oracle.authority, old), 'InvalidAttestation');
    // The Ed25519 instruction carries a second signature: two fees.
    expectWorldUnchanged(m.svm, before, { feePayer: m.oracle.authority.address, signatures: 2 });
    expect((await fetchJobAccount(m.sender, second.job)).status).toBe(JobStatus.Claimed);

    await submitResult(m.sender, {
      authority: m.oracle.authority,
      attestationSigner: m.oracle.attestation,
      job: second.job,
      resultCid,
    });
    expect((await fetchJobAccount(m.sender, second.job)).status).toBe(JobStatus.Delivered);
  });
});
