// Issue 15, case 1: a payment mint with a freeze authority could freeze a
// model's vault or a payer's token account and lock every open job, pass,
// refund and withdrawal. create_model refuses such a mint unless the admin
// trusts it (set_trusted_mint: a TrustedMint PDA per mint, e.g. USDC).
import {
  Category,
  createModel,
  createModelInstruction,
  eventsNamed,
  findTrustedMintAddress,
  parseEvents,
  rawCid,
  requestGeneration,
  setTrustedMint,
  setTrustedMintInstruction,
} from '@modelmint/sdk';
import { generateKeyPairSigner, type KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { expectWorldUnchanged, snapshotWorld, withAccount } from '../../fixtures/attack-helpers.js';
import { reportCu } from '../../fixtures/cu.js';
import { cidOf, readyModel, setupMarketplace } from '../../fixtures/marketplace.js';
import {
  deliverAndSettle,
  exists,
  expectProgramError,
  feesHeld,
  newUser,
  SPL_KINDS,
} from '../../fixtures/money-helpers.js';
import { fundedKeypair, send } from '../../fixtures/svm.js';
import { createToken, type TestToken } from '../../fixtures/tokens.js';

async function modelIx(creator: KeyPairSigner, token: TestToken) {
  return createModelInstruction({
    creator,
    assetMint: await generateKeyPairSigner(),
    category: Category.Caption,
    pricePerUse: 1_000_000n,
    cardCid: await rawCid(new TextEncoder().encode('card')),
    name: 'Frozen?',
    symbol: 'FRZ',
    uri: 'ipfs://card',
    payment: { mint: token.mint, tokenProgram: token.tokenProgram },
  });
}

describe.each(SPL_KINDS)('payment mints with a freeze authority: $label', (kind) => {
  it('are refused (UntrustedMint, nothing created) until the admin trusts them; then models work as usual', async () => {
    const m = await setupMarketplace();
    const issuer = await generateKeyPairSigner();
    const token = await createToken(m.svm, m.admin, kind.tokenProgram, 6, issuer.address);
    const creator = await fundedKeypair(m.svm);
    const refused = await modelIx(creator, token);
    const before = snapshotWorld(m.svm, [creator.address, refused.model]);
    await expectProgramError(send(m.svm, creator, [refused.instruction]), 'UntrustedMint');
    // The asset mint signs too: two signatures.
    expectWorldUnchanged(m.svm, before, { feePayer: creator.address, signatures: 2 });
    expect(exists(m, refused.model)).toBe(false);

    // Only the admin trusts a mint.
    const stranger = await fundedKeypair(m.svm);
    await expectProgramError(
      send(m.svm, stranger, [await setTrustedMintInstruction({ admin: stranger, mint: token.mint, trusted: true })]),
      'Unauthorized',
    );
    const trusted = await setTrustedMint(m.sender, { admin: m.admin, mint: token.mint, trusted: true });
    reportCu(`set_trusted_mint${kind.suffix}`, trusted.computeUnits ?? 0n);
    expect(eventsNamed(parseEvents(trusted.logs), 'TrustedMintSet')).toEqual([{ mint: token.mint, trusted: true }]);
    const [record] = await findTrustedMintAddress({ mint: token.mint });
    expect(exists(m, record)).toBe(true);

    const { model } = await createModel(m.sender, {
      creator,
      category: Category.Caption,
      pricePerUse: 1_000_000n,
      cardCid: await rawCid(new TextEncoder().encode('card')),
      name: 'Trusted',
      symbol: 'TRU',
      uri: 'ipfs://card',
      payment: { mint: token.mint, tokenProgram: token.tokenProgram },
    });
    expect(exists(m, model)).toBe(true);

    // Untrusted again: no new model, but the existing one keeps its mint and works.
    await setTrustedMint(m.sender, { admin: m.admin, mint: token.mint, trusted: false });
    expect(exists(m, record)).toBe(false);
    const again = await modelIx(creator, token);
    await expectProgramError(send(m.svm, creator, [again.instruction]), 'UntrustedMint');
    expect(exists(m, again.model)).toBe(false);
  });

  it("another mint's trust record does not stand in (UntrustedMint)", async () => {
    const m = await setupMarketplace();
    const issuer = await generateKeyPairSigner();
    const frozenA = await createToken(m.svm, m.admin, kind.tokenProgram, 6, issuer.address);
    const frozenB = await createToken(m.svm, m.admin, kind.tokenProgram, 6, issuer.address);
    await setTrustedMint(m.sender, { admin: m.admin, mint: frozenA.mint, trusted: true });
    const creator = await fundedKeypair(m.svm);
    const { instruction, model } = await modelIx(creator, frozenB);
    const [borrowed] = await findTrustedMintAddress({ mint: frozenA.mint });
    await expectProgramError(send(m.svm, creator, [withAccount(instruction, 10, borrowed)]), 'UntrustedMint');
    expect(exists(m, model)).toBe(false);
  });
});

describe('trusted mints: the rest', () => {
  it('a mint without a freeze authority needs no trust, and only a real mint can be trusted (InvalidMint)', async () => {
    const m = await setupMarketplace();
    const plain = await createToken(m.svm, m.admin);
    const creator = await fundedKeypair(m.svm);
    const { instruction, model } = await modelIx(creator, plain);
    await send(m.svm, creator, [instruction]);
    expect(exists(m, model)).toBe(true);
    const notAMint = await fundedKeypair(m.svm);
    await expectProgramError(
      send(m.svm, m.admin, [
        await setTrustedMintInstruction({ admin: m.admin, mint: notAMint.address, trusted: true }),
      ]),
      'InvalidMint',
    );
  });

  it('a model priced in a trusted freezable mint is trained, paid and settled like any other', async () => {
    const m = await setupMarketplace();
    const issuer = await generateKeyPairSigner();
    const token = await createToken(m.svm, m.admin, SPL_KINDS[0].tokenProgram, 6, issuer.address);
    await setTrustedMint(m.sender, { admin: m.admin, mint: token.mint, trusted: true });
    const t = await readyModel(m, { token, pricePerUse: 1_000_000n });
    const user = await newUser(m, token, 5_000_000n);
    const { job } = await requestGeneration(m.sender, { user, model: t.model, inputCid: await cidOf('x') });
    const feesBefore = await feesHeld(m, token);
    await deliverAndSettle(m, job);
    expect((await feesHeld(m, token)) - feesBefore).toBe(100_000n);
  });
});
