// initialize_config and update_config on the compiled program in LiteSVM,
// driven through the SDK.
import {
  decodeConfig,
  ERROR_CODES,
  findConfigAddress,
  initializeConfigInstruction,
  isModelmintProgramError,
  ModelmintProgramError,
  updateConfigInstruction,
} from '@modelmint/sdk';
import { AccountRole, fetchEncodedAccount, generateKeyPairSigner, type Instruction } from '@solana/kit';
import type { LiteSVM } from 'litesvm';
import { beforeEach, describe, expect, it } from 'vitest';
import { reportCu } from '../fixtures/cu.js';
import { accountData, createSvm, fundedKeypair, send } from '../fixtures/svm.js';

async function readConfig(svm: LiteSVM) {
  const [address] = await findConfigAddress();
  const data = accountData(svm, address);
  if (!data) throw new Error('config account missing');
  const acc = svm.getAccount(address);
  if (!acc.exists) throw new Error('config account missing');
  return decodeConfig(acc).data;
}

async function expectProgramError(p: Promise<unknown>, name: keyof typeof ERROR_CODES): Promise<ModelmintProgramError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelmintProgramError);
  const e = err as ModelmintProgramError;
  expect(e.errorName).toBe(name);
  expect(e.code).toBe(ERROR_CODES[name]);
  return e;
}

describe('config', () => {
  let svm: LiteSVM;
  beforeEach(() => {
    svm = createSvm();
  });

  it('initialize_config creates the Config PDA with the given settings and defaults', async () => {
    const admin = await fundedKeypair(svm);
    const treasury = await generateKeyPairSigner();
    const ix = await initializeConfigInstruction({ admin, treasury: treasury.address });
    const sent = await send(svm, admin, [ix]);
    reportCu('initialize_config', sent.computeUnits);
    expect(sent.logs.some((l) => l.startsWith('Program data: '))).toBe(true);

    const config = await readConfig(svm);
    const [, bump] = await findConfigAddress();
    expect(config.admin).toBe(admin.address);
    expect(config.treasury).toBe(treasury.address);
    expect(config.arbiter).toBe(admin.address);
    expect(config.feeBps).toBe(1_000);
    expect(config.disputeWindowSecs).toBe(86_400n);
    expect(config.inferenceTimeoutSecs).toBe(600n);
    expect(config.trainingTimeoutSecs).toBe(86_400n);
    expect(config.paused).toBe(false);
    expect(config.bump).toBe(bump);
  });

  it('update_config by the admin changes only what it names', async () => {
    const admin = await fundedKeypair(svm);
    await send(svm, admin, [await initializeConfigInstruction({ admin })]);
    const arbiter = await generateKeyPairSigner();
    const sent = await send(svm, admin, [
      await updateConfigInstruction({ admin, feeBps: 1_500, arbiter: arbiter.address }),
    ]);
    reportCu('update_config', sent.computeUnits);
    const config = await readConfig(svm);
    expect(config.feeBps).toBe(1_500);
    expect(config.arbiter).toBe(arbiter.address);
    expect(config.treasury).toBe(admin.address);
    expect(config.disputeWindowSecs).toBe(86_400n);
  });

  it('update_config signed by a non-admin fails with Unauthorized and changes nothing', async () => {
    const admin = await fundedKeypair(svm);
    await send(svm, admin, [await initializeConfigInstruction({ admin })]);
    const mallory = await fundedKeypair(svm);
    const e = await expectProgramError(
      send(svm, mallory, [await updateConfigInstruction({ admin: mallory, newAdmin: mallory.address, feeBps: 0 })]),
      'Unauthorized',
    );
    expect(e.code).toBe(6000);
    expect(e.message).toContain('not allowed');
    expect(isModelmintProgramError(e, 'Unauthorized')).toBe(true);
    const config = await readConfig(svm);
    expect(config.admin).toBe(admin.address);
    expect(config.feeBps).toBe(1_000);
  });

  it('a second initialize_config fails with AlreadyInitialized', async () => {
    const admin = await fundedKeypair(svm);
    await send(svm, admin, [await initializeConfigInstruction({ admin })]);
    const other = await fundedKeypair(svm);
    await expectProgramError(
      send(svm, other, [await initializeConfigInstruction({ admin: other })]),
      'AlreadyInitialized',
    );
    expect((await readConfig(svm)).admin).toBe(admin.address);
  });

  it('rejects a fee above 20% and out-of-range durations', async () => {
    const admin = await fundedKeypair(svm);
    await expectProgramError(
      send(svm, admin, [await initializeConfigInstruction({ admin, feeBps: 2_001 })]),
      'FeeTooHigh',
    );
    await expectProgramError(
      send(svm, admin, [await initializeConfigInstruction({ admin, disputeWindowSecs: 0n })]),
      'InvalidDuration',
    );
    await send(svm, admin, [await initializeConfigInstruction({ admin, feeBps: 2_000 })]);
    await expectProgramError(send(svm, admin, [await updateConfigInstruction({ admin, feeBps: 5_000 })]), 'FeeTooHigh');
  });

  it('update_config without the admin signature fails with MissingSignature', async () => {
    const admin = await fundedKeypair(svm);
    await send(svm, admin, [await initializeConfigInstruction({ admin })]);
    const ix = await updateConfigInstruction({ admin, feeBps: 0 });
    const [adminMeta, ...rest] = ix.accounts ?? [];
    if (!adminMeta) throw new Error('update_config has no accounts');
    // The admin is listed but does not sign: a relayer pays instead.
    const unsigned: Instruction = {
      ...ix,
      accounts: [{ address: adminMeta.address, role: AccountRole.READONLY }, ...rest],
    };
    const payer = await fundedKeypair(svm);
    await expectProgramError(send(svm, payer, [unsigned]), 'MissingSignature');
  });

  it('fails with a named error on unknown instructions and truncated data', async () => {
    const payer = await fundedKeypair(svm);
    const ix = await updateConfigInstruction({ admin: payer });
    const data = ix.data ?? new Uint8Array();
    await expectProgramError(send(svm, payer, [{ ...ix, data: new Uint8Array(8).fill(7) }]), 'UnknownInstruction');
    await expectProgramError(send(svm, payer, [{ ...ix, data: data.slice(0, 5) }]), 'InvalidInstructionData');
  });

  it('is readable through an RPC-style fetcher too', () => {
    // Guard that the kit fetcher the SDK re-exports stays importable in tests.
    expect(typeof fetchEncodedAccount).toBe('function');
  });
});
