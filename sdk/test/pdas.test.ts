// PDA helpers: seeds as the program derives them, default program address,
// and job nonces with canonical bump 255.
import { generateKeyPairSigner, getAddressEncoder, getProgramDerivedAddress, getU64Encoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import {
  findConfigAddress,
  findJobAddress,
  findJobNonce,
  findPassAddress,
  findVersionAddress,
  PROGRAM_ADDRESS,
  SEEDS,
} from '../src/index.js';

describe('PDAs', () => {
  it('derive under the program address by default', async () => {
    const [config] = await findConfigAddress();
    const [expected] = await getProgramDerivedAddress({ programAddress: PROGRAM_ADDRESS, seeds: ['config'] });
    expect(config).toBe(expected);
    const other = (await generateKeyPairSigner()).address;
    const [elsewhere] = await findConfigAddress({ programAddress: other });
    expect(elsewhere).not.toBe(config);
  });

  it('use the documented seeds', async () => {
    const model = (await generateKeyPairSigner()).address;
    const user = (await generateKeyPairSigner()).address;
    const a = getAddressEncoder();
    const [pass] = await findPassAddress({ model, user });
    expect(pass).toBe(
      (
        await getProgramDerivedAddress({
          programAddress: PROGRAM_ADDRESS,
          seeds: ['pass', a.encode(model), a.encode(user)],
        })
      )[0],
    );
    const [v] = await findVersionAddress({ model, version: 258 });
    expect(v).toBe(
      (
        await getProgramDerivedAddress({
          programAddress: PROGRAM_ADDRESS,
          seeds: ['version', a.encode(model), new Uint8Array([2, 1, 0, 0])],
        })
      )[0],
    );
    expect(SEEDS).toMatchObject({ job: 'job', subscription: 'sub', grant: 'grant', vault: 'vault' });
  });

  it('findJobNonce returns a nonce whose job PDA has bump 255', async () => {
    const requester = (await generateKeyPairSigner()).address;
    for (const start of [0n, 1n, 1_000n, 2n ** 40n]) {
      const { nonce, job } = await findJobNonce({ requester, start });
      expect(nonce).toBeGreaterThanOrEqual(start);
      const [address, bump] = await findJobAddress({ requester, nonce });
      expect(address).toBe(job);
      expect(bump).toBe(255);
      const [raw] = await getProgramDerivedAddress({
        programAddress: PROGRAM_ADDRESS,
        seeds: ['job', getAddressEncoder().encode(requester), getU64Encoder().encode(nonce)],
      });
      expect(raw).toBe(job);
      // Every nonce skipped had a lower bump.
      for (let n = start; n < nonce; n++) expect((await findJobAddress({ requester, nonce: n }))[1]).toBeLessThan(255);
    }
  });
});
