// The state file: a restart resumes accounts, history, slot and clock; --ledger-reset starts over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRpcSender,
  fetchConfigAccount,
  isModelmintProgramError,
  registerOracleInstruction,
} from '@modelmint/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { fundedSigner, kitClients, rawResult, startTestnet } from './helpers.js';
import { setupOnChain } from './marketplace.js';

describe('restart from the state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localnet-'));
  const stateFile = join(dir, 'state.bin');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps accounts, transactions, slot and clock across a restart', async () => {
    const first = await startTestnet({ stateFile });
    const m = await setupOnChain(first);
    await rawResult(first, 'modelmint_advanceClock', [{ seconds: 3600 }]);
    const model = await rawResult(first, 'getAccountInfo', [m.model, { encoding: 'base64' }]);
    const slot = Number(await rawResult(first, 'getSlot', [{ commitment: 'processed' }]));
    const genesis = await rawResult(first, 'getGenesisHash');
    const time = await m.sender.getUnixTime();
    await first.close();

    const second = await startTestnet({ stateFile });
    try {
      expect(await rawResult(second, 'getGenesisHash')).toBe(genesis);
      const again = await rawResult(second, 'getAccountInfo', [m.model, { encoding: 'base64' }]);
      expect((again as { value: unknown }).value).toEqual((model as { value: unknown }).value);
      expect(Number(await rawResult(second, 'getSlot', [{ commitment: 'processed' }]))).toBeGreaterThanOrEqual(slot);
      const tx = await rawResult(second, 'getTransaction', [m.modelSignature, { maxSupportedTransactionVersion: 0 }]);
      expect(tx).toMatchObject({ meta: { err: null } });
      const history = await rawResult(second, 'getSignaturesForAddress', [m.model]);
      expect((history as { signature: string }[]).map((s) => s.signature)).toContain(m.modelSignature);
      // The program still runs (a program error from it), and the clock kept its advance.
      const sender = createRpcSender(kitClients(second));
      expect((await fetchConfigAccount(sender)).admin).toBe(m.admin.address);
      const stranger = await fundedSigner(second);
      const ix = await registerOracleInstruction({
        admin: stranger,
        authority: stranger.address,
        attestationKey: stranger.address,
        capabilities: 1,
      });
      const err = await sender.send([ix], stranger).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isModelmintProgramError(err, 'Unauthorized')).toBe(true);
      expect(await sender.getUnixTime()).toBeGreaterThanOrEqual(time);
    } finally {
      await second.close();
    }

    const fresh = await startTestnet({ stateFile, reset: true });
    try {
      expect(await rawResult(fresh, 'getGenesisHash')).not.toBe(genesis);
      expect(await rawResult(fresh, 'getAccountInfo', [m.model, { encoding: 'base64' }])).toMatchObject({
        value: null,
      });
    } finally {
      await fresh.close();
    }
  });
});
