// Issue 15, cases 4 and 5. The platform fee rounds up, so a nonzero payment
// never pays a zero fee while fee_bps > 0 (0-decimal mints, small pass units).
// SOL fees accrue in the FeeVault PDA, which is rent-exempt, so a fee below rent
// sent towards an empty treasury wallet never blocks a settlement or a
// subscription; the treasury takes them with withdraw_fees.
import {
  eventsNamed,
  fetchConfigAccount,
  findFeeVaultAddress,
  parseEvents,
  requestGeneration,
  settleJob,
  subscribe,
  updateConfigInstruction,
  withdrawFees,
  withdrawFeesInstruction,
} from '@modelmint/sdk';
import { generateKeyPairSigner, lamports } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../../fixtures/cu.js';
import { cidOf, deliver, readyModel, setupMarketplace, WINDOW } from '../../fixtures/marketplace.js';
import {
  ata,
  deliverAndSettle,
  expectProgramError,
  feesHeld,
  newUser,
  rentOf,
  TX_FEE,
  vaultOf,
} from '../../fixtures/money-helpers.js';
import { fundedKeypair, lamportsOf, send, warp } from '../../fixtures/svm.js';
import { createToken, tokenBalance } from '../../fixtures/tokens.js';

describe('fee rounding (0-decimal mint)', () => {
  it('a payment of 1 to 19 units pays a fee of 1 or 2 at 10%, never 0; fee_bps 0 takes nothing', async () => {
    const m = await setupMarketplace();
    const token = await createToken(m.svm, m.admin, undefined, 0);
    const t = await readyModel(m, { token, pricePerUse: 9n, subscriptionPrice: 5n });
    const user = await newUser(m, token, 1_000n);
    const vault = await vaultOf(t.model);

    // 9 units: fee ceil(0.9) = 1, share 8 (floor gave the platform nothing).
    const { job } = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('9') });
    const feesBefore = await feesHeld(m, token);
    const { logs } = await deliverAndSettle(m, job);
    expect(eventsNamed(parseEvents(logs), 'JobSettled')[0]).toMatchObject({ payeeShare: 8n, fee: 1n });
    expect((await feesHeld(m, token)) - feesBefore).toBe(1n);

    // A subscription month of 5 units: fee 1, share 4.
    const sub = await subscribe(m.sender, { user, model: t.model, months: 1 });
    expect(eventsNamed(parseEvents(sub.logs), 'Subscribed')[0]).toMatchObject({
      amount: 5n,
      creatorShare: 4n,
      fee: 1n,
    });
    expect(tokenBalance(m.svm, vault)).toBeGreaterThan(0n);

    // No fee configured: nothing is taken, the whole payment is the creator's.
    await send(m.svm, m.admin, [await updateConfigInstruction({ admin: m.admin, feeBps: 0 })]);
    const free = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('free') });
    const settled = await deliverAndSettle(m, free.job);
    expect(eventsNamed(parseEvents(settled.logs), 'JobSettled')[0]).toMatchObject({ payeeShare: 9n, fee: 0n });
    expect(await ata(token, m.treasury.address)).toBeDefined();
  });
});

describe('fee vault', () => {
  it('a fee below rent towards an empty treasury wallet: settle and subscribe still work, fees wait in the fee vault', async () => {
    const m = await setupMarketplace();
    // The treasury is a wallet that holds nothing (not even rent).
    const empty = await generateKeyPairSigner();
    await send(m.svm, m.admin, [await updateConfigInstruction({ admin: m.admin, treasury: empty.address })]);
    expect((await fetchConfigAccount(m.sender)).treasury).toBe(empty.address);
    expect(lamportsOf(m.svm, empty.address)).toBe(0n);
    const t = await readyModel(m, { pricePerUse: 7n, subscriptionPrice: 11n });
    const user = await fundedKeypair(m.svm);
    const [feeVault] = await findFeeVaultAddress();
    const accrued = await feesHeld(m);

    const { job } = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('7') });
    await deliver(m, job);
    warp(m.svm, WINDOW + 1n);
    const settled = await settleJob(m.sender, { payer: user, job });
    expect(eventsNamed(parseEvents(settled.logs), 'JobSettled')[0]).toMatchObject({ payeeShare: 6n, fee: 1n });
    await subscribe(m.sender, { user, model: t.model, months: 1 });
    expect((await feesHeld(m)) - accrued).toBe(1n + 2n);
    expect(lamportsOf(m.svm, empty.address)).toBe(0n);
    expect(lamportsOf(m.svm, feeVault)).toBe(rentOf(m, feeVault) + accrued + 3n);

    // Only the treasury withdraws; it takes everything above the vault's rent.
    await expectProgramError(withdrawFees(m.sender, { treasury: user }), 'Unauthorized');
    m.svm.airdrop(empty.address, lamports(1_000_000_000n));
    const payer = await fundedKeypair(m.svm);
    const withdrawn = await send(m.svm, payer, [await withdrawFeesInstruction({ treasury: empty })]);
    reportCu('withdraw_fees', withdrawn.computeUnits);
    expect(eventsNamed(parseEvents(withdrawn.logs), 'FeesWithdrawn')).toEqual([
      { treasury: empty.address, amount: accrued + 3n },
    ]);
    expect(lamportsOf(m.svm, empty.address)).toBe(1_000_000_000n + accrued + 3n);
    expect(lamportsOf(m.svm, feeVault)).toBe(rentOf(m, feeVault));
    await expectProgramError(
      send(m.svm, payer, [await withdrawFeesInstruction({ treasury: empty })]),
      'NothingToWithdraw',
    );
    expect(lamportsOf(m.svm, payer.address)).toBe(100n * 1_000_000_000n - 4n * TX_FEE);
  });
});
