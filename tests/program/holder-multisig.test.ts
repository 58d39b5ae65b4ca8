// A Token-2022 multisig whose signer keys spell a token account (mint, owner,
// amount 1) must not pass as the holder's asset account (found by the attack
// tests; read_account now checks the token-account layout).
import {
  findModelAddress,
  generated,
  ModelmintProgramError,
  PROGRAM_ADDRESS,
  settleJob,
  withdrawRevenueInstruction,
} from '@modelmint/sdk';
import { AccountRole, type Address, generateKeyPairSigner, getAddressDecoder, getAddressEncoder } from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import { describe, expect, it } from 'vitest';
import { dataOf, forgeAccount } from '../fixtures/attack-helpers.js';
import { deliveredJob } from '../fixtures/attack-scenarios.js';
import { readyModel, setupMarketplace, WINDOW } from '../fixtures/marketplace.js';
import { fundedKeypair, lamportsOf, send, warp } from '../fixtures/svm.js';
import { TOKEN_2022_PROGRAM_ADDRESS } from '../fixtures/tokens.js';

describe('holder check', () => {
  it('refuses a multisig posing as the asset account of a model whose mint starts with [m, n, 1]', async () => {
    const m = await setupMarketplace();
    const t = await readyModel(m);
    const j = await deliveredJob(m, t);
    warp(m.svm, WINDOW + 1n);
    await settleJob(m.sender, { payer: j.user, job: j.job });
    // A victim model like t whose asset mint happens to start with [1, 4, 1] (about 1 mint in 250,000).
    const mintBytes = new Uint8Array(32);
    crypto.getRandomValues(mintBytes);
    mintBytes.set([1, 4, 1], 0);
    const victimMint = getAddressDecoder().decode(mintBytes);
    const [victimModel] = await findModelAddress({ assetMint: victimMint });
    const model = generated.getModelDecoder().decode(dataOf(m.svm, t.model));
    forgeAccount(m.svm, victimModel, {
      data: generated.getModelEncoder().encode({ ...model, assetMint: victimMint }),
      owner: PROGRAM_ADDRESS,
      lamports: lamportsOf(m.svm, t.model),
    });
    const revenue =
      lamportsOf(m.svm, victimModel) - m.svm.minimumBalanceForRentExemption(BigInt(dataOf(m.svm, victimModel).length));
    expect(revenue).toBe(900_000n);

    // The attacker creates a Token-2022 multisig whose signer keys spell a token account:
    // mint = victimMint, owner = attacker, amount = 1, state byte 108 = 1.
    const attacker = await fundedKeypair(m.svm);
    const a = getAddressEncoder().encode(attacker.address);
    const signers: Uint8Array[] = [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)];
    const [s0, s1, s2, s3] = signers as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    s0.set(mintBytes.subarray(3, 32), 0);
    s0.set(a.subarray(0, 3), 29);
    s1.set(a.subarray(3, 32), 0);
    s1.set([1, 0, 0], 29);
    s3[9] = 1;
    void s2;
    const multisig = await generateKeyPairSigner();
    await send(m.svm, attacker, [
      getCreateAccountInstruction({
        payer: attacker,
        newAccount: multisig,
        lamports: m.svm.minimumBalanceForRentExemption(355n),
        space: 355n,
        programAddress: TOKEN_2022_PROGRAM_ADDRESS,
      }),
      {
        programAddress: TOKEN_2022_PROGRAM_ADDRESS,
        accounts: [
          { address: multisig.address, role: AccountRole.WRITABLE },
          ...signers.map((s) => ({ address: getAddressDecoder().decode(s) as Address, role: AccountRole.READONLY })),
        ],
        data: Uint8Array.of(19, 1),
      },
    ]);
    const before = lamportsOf(m.svm, attacker.address);
    const ix = await withdrawRevenueInstruction({
      owner: attacker,
      model: victimModel,
      assetMint: victimMint,
      ownerAsset: multisig.address,
    });
    const err = await send(m.svm, attacker, [ix]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelmintProgramError);
    expect((err as ModelmintProgramError).errorName).toBe('NotAssetHolder');
    // Only the fee left the attacker; the victim's revenue is intact.
    expect(before - lamportsOf(m.svm, attacker.address)).toBe(5_000n);
    expect(
      lamportsOf(m.svm, victimModel) - m.svm.minimumBalanceForRentExemption(BigInt(dataOf(m.svm, victimModel).length)),
    ).toBe(revenue);
  });
});
