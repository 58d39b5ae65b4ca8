// yank_version: who may yank, and what a yanked version still serves.
import {
  eventsNamed,
  fetchJobAccount,
  fetchModelAccount,
  findVersionAddress,
  generated,
  ModelmintProgramError,
  ModelStatus,
  parseEvents,
  refundExpired,
  requestGeneration,
  yankVersionInstruction,
} from '@modelmint/sdk';
import type { KeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { reportCu } from '../../fixtures/cu.js';
import { type Ctx, PRICE, request, solCtx } from '../../fixtures/job-context.js';
import { cidOf, trainVersion } from '../../fixtures/marketplace.js';
import { expectProgramError, TX_FEE } from '../../fixtures/money-helpers.js';
import { accountData, lamportsOf, send } from '../../fixtures/svm.js';

describe('yank_version', () => {
  async function yank(c: Ctx, version: number, owner: KeyPairSigner = c.t.creator) {
    return send(c.m.svm, owner, [
      await yankVersionInstruction({ owner, model: c.t.model, assetMint: c.t.assetMint, version }),
    ]);
  }

  it('makes requests for a yanked version fail (VersionUnavailable) while the current one still serves', async () => {
    const c = await solCtx();
    // A job on version 1 opened before the yank still completes.
    const early = await request(c);
    await trainVersion(c.m, c.t);
    expect((await fetchModelAccount(c.m.sender, c.t.model)).currentVersion).toBe(2);
    await expectProgramError(yank(c, 1, c.user), 'NotAssetHolder');
    const sent = await yank(c, 1);
    reportCu('yank_version', sent.computeUnits);
    expect(eventsNamed(parseEvents(sent.logs), 'VersionYanked')).toEqual([
      { model: c.t.model, version: 1, currentVersion: 2 },
    ]);
    const [v1] = await findVersionAddress({ model: c.t.model, version: 1 });
    const v1Data = accountData(c.m.svm, v1);
    expect(v1Data && generated.getModelVersionDecoder().decode(v1Data).yanked).toBe(true);
    await expectProgramError(
      requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('v1'), version: 1 }),
      'VersionUnavailable',
    );
    await expectProgramError(yank(c, 1), 'VersionUnavailable');
    const current = await requestGeneration(c.m.sender, {
      user: c.user,
      model: c.t.model,
      inputCid: await cidOf('v2'),
    });
    expect((await fetchJobAccount(c.m.sender, current.job)).version).toBe(2);
    const pinned = await requestGeneration(c.m.sender, {
      user: c.user,
      model: c.t.model,
      inputCid: await cidOf('v2 pinned'),
      version: 2,
    });
    expect((await fetchJobAccount(c.m.sender, pinned.job)).version).toBe(2);
    // The early job was refunded by expiry (its deadline passed during training); nothing was lost.
    const before = lamportsOf(c.m.svm, c.user.address);
    await refundExpired(c.m.sender, { payer: c.m.admin, job: early.job });
    expect(lamportsOf(c.m.svm, c.user.address) - before).toBe(PRICE);
  });

  it('a request for a version that was never published fails; nothing moves', async () => {
    const c = await solCtx();
    const before = lamportsOf(c.m.svm, c.user.address);
    const failed = await requestGeneration(c.m.sender, {
      user: c.user,
      model: c.t.model,
      inputCid: await cidOf('x'),
      version: 9,
    }).catch((e: unknown) => e);
    // See /tmp/bugs/money.md: InvalidAccountOwner today; VersionUnavailable would say why.
    expect(failed).toBeInstanceOf(ModelmintProgramError);
    expect(lamportsOf(c.m.svm, c.user.address)).toBe(before - TX_FEE);
  });

  it('yanking the current version takes the model out of service until the next version', async () => {
    const c = await solCtx();
    await yank(c, 1);
    const model = await fetchModelAccount(c.m.sender, c.t.model);
    expect(model.currentVersion).toBe(0);
    expect(model.status).toBe(ModelStatus.Draft);
    await expectProgramError(
      requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('x'), version: 1 }),
      'ModelNotReady',
    );
    await trainVersion(c.m, c.t);
    const retrained = await fetchModelAccount(c.m.sender, c.t.model);
    expect([retrained.currentVersion, retrained.status]).toEqual([2, ModelStatus.Ready]);
    await expectProgramError(
      requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('x'), version: 1 }),
      'VersionUnavailable',
    );
    await requestGeneration(c.m.sender, { user: c.user, model: c.t.model, inputCid: await cidOf('x') });
  });
});
