// The SDK's verifyJob against the compiled program in LiteSVM: the job, the oracle and
// the submit_result transaction are the real ones (the history records what the sender
// sent); the re-run is a stand-in returning chosen bytes (the real worker re-run is
// covered by tests/e2e/kubo-verify.test.ts).
import {
  attestationMessageOf,
  checkEd25519,
  ED25519_PROGRAM_ADDRESS,
  fetchJobAccount,
  type JobHistory,
  type LandedTransaction,
  parseEd25519Instruction,
  type TransactionSender,
  verifyJob,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { request, solCtx } from '../fixtures/job-context.js';
import { deliver, requestTrainingJob } from '../fixtures/marketplace.js';

const enc = new TextEncoder();

/** A sender that records every transaction it sends, and the history it makes. */
function recording(inner: TransactionSender): {
  sender: TransactionSender;
  history: JobHistory;
  txs: Map<string, LandedTransaction>;
} {
  const txs = new Map<string, LandedTransaction & { accounts: Set<string> }>();
  const order: string[] = [];
  const sender: TransactionSender = {
    ...inner,
    async send(instructions, feePayer) {
      const sent = await inner.send(instructions, feePayer);
      txs.set(sent.signature, {
        accountKeys: instructions.map((ix) => ix.programAddress),
        instructions: instructions.map((ix, i) => ({ programIdIndex: i, data: Uint8Array.from(ix.data ?? []) })),
        failed: false,
        accounts: new Set(instructions.flatMap((ix) => (ix.accounts ?? []).map((a) => a.address))),
      });
      order.unshift(sent.signature);
      return sent;
    },
  };
  const history: JobHistory = {
    signaturesFor: async (address: Address) => order.filter((s) => txs.get(s)?.accounts.has(address)),
    transaction: async (s) => txs.get(s) ?? null,
  };
  return { sender, history, txs };
}

async function delivered() {
  const c = await solCtx();
  const rec = recording(c.m.sender);
  c.m.sender = rec.sender;
  const { job } = await request(c);
  await deliver(c.m, job, 'the output');
  return { c, job, ...rec };
}

const fetchFile = async () => enc.encode('job input');

describe('verifyJob', () => {
  it('verifies a genuine result: attestation by the registered key, input, re-run, result CID', async () => {
    const { c, job, history } = await delivered();
    const seen: string[] = [];
    const report = await verifyJob(job, {
      sender: c.m.sender,
      history,
      fetchFile,
      rerun: async (r) => {
        seen.push(`${r.category}:${JSON.stringify(r.input)}`);
        return enc.encode('the output');
      },
    });
    expect(report.verdict).toBe('verified');
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'job:ok',
      'oracle:ok',
      'attestation:ok',
      'input:ok',
      'rerun:ok',
      'result:ok',
    ]);
    expect(seen).toEqual(['caption:{"input":{"prompt":"job input"},"seed":0}']);
    expect(report.disputable).toBe(true);
  });

  it('reports a mismatch when the re-run gives another output, with both CIDs as evidence', async () => {
    const { c, job, history } = await delivered();
    const report = await verifyJob(job, {
      sender: c.m.sender,
      history,
      fetchFile,
      rerun: async () => enc.encode('what the model really says'),
    });
    expect(report.verdict).toBe('mismatch');
    expect(report.recomputedCid).not.toBe(report.resultCid);
    expect(report.steps.at(-1)).toMatchObject({ step: 'result', status: 'failed' });
    expect(report.requester).toBe(c.user.address);
  });

  it('catches a signature that does not hold and a key that is not the registered one', async () => {
    const { c, job, history, txs } = await delivered();
    const tx = [...txs.values()].find((t) => t.accountKeys.includes(ED25519_PROGRAM_ADDRESS));
    const ix = tx?.instructions.find((i) => tx.accountKeys[i.programIdIndex] === ED25519_PROGRAM_ADDRESS);
    if (!ix) throw new Error('no Ed25519 instruction recorded');
    const original = Uint8Array.from(ix.data);
    const signed = parseEd25519Instruction(ix.data);
    expect(signed.message).toEqual(attestationMessageOf(job, await fetchJobAccount(c.m.sender, job)));
    expect(await checkEd25519(signed)).toBe(true);

    const data = ix.data as Uint8Array;
    data.set([(data[16 + 32 + 5] ?? 0) ^ 0xff], 16 + 32 + 5); // 8 bits of the signature
    let report = await verifyJob(job, { sender: c.m.sender, history });
    expect(report.verdict).toBe('mismatch');
    expect(report.steps.at(-1)?.detail).toMatch(/the signature does not verify/);

    const other = await generateKeyPairSigner();
    data.set(original);
    data.set(new Uint8Array(await crypto.subtle.exportKey('raw', other.keyPair.publicKey)), 16);
    report = await verifyJob(job, { sender: c.m.sender, history });
    expect(report.verdict).toBe('mismatch');
    expect(report.steps.at(-1)?.detail).toMatch(/not the registered attestation key/);
  });

  it('only attests a training job, and has nothing to check before delivery', async () => {
    const { c, history } = await delivered();
    const training = await requestTrainingJob(c.m, c.t);
    let report = await verifyJob(training, { sender: c.m.sender, history });
    expect(report.verdict).toBe('unverifiable');
    expect(report.steps).toEqual([expect.objectContaining({ step: 'job', status: 'failed' })]);
    await deliver(c.m, training, 'new weights');
    report = await verifyJob(training, { sender: c.m.sender, history, fetchFile, rerun: async () => new Uint8Array() });
    expect(report.verdict).toBe('attested');
    expect(report.steps.at(-1)).toMatchObject({ step: 'rerun', status: 'skipped' });
  });
});
