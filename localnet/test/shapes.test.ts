// Raw JSON shapes of every method, checked against Solana's RPC documentation.
import { PROGRAM_ADDRESS, registerOracleInstruction } from '@modelmint/sdk';
import {
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase58Decoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  getTransactionEncoder,
  type Instruction,
  type KeyPairSigner,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localnet } from '../src/index.js';
import { fundedSigner, kitClients, rawCall, rawResult, startTestnet, waitFor } from './helpers.js';
import { accountDiscriminator, type OnChainMarketplace, setupOnChain } from './marketplace.js';
import { arrayOf, check, contextual, nullable, oneOf, optional, type Shape } from './shape.js';

const account: Shape = {
  data: oneOf(arrayOf('string'), 'string', { program: 'string', parsed: 'unknown', space: 'u64' }),
  executable: 'boolean',
  lamports: 'u64',
  owner: 'string',
  rentEpoch: 'u64',
  space: 'u64',
};
const keyedAccount: Shape = { pubkey: 'string', account };
const uiTokenAmount: Shape = {
  amount: 'string',
  decimals: 'number',
  uiAmount: nullable('number'),
  uiAmountString: 'string',
};
const tokenBalance: Shape = {
  accountIndex: 'number',
  mint: 'string',
  owner: optional('string'),
  programId: optional('string'),
  uiTokenAmount,
};
const compiledInstruction: Shape = {
  programIdIndex: 'number',
  accounts: arrayOf('number'),
  data: 'string',
  stackHeight: nullable('number'),
};
const meta: Shape = {
  err: 'unknown',
  status: oneOf({ Ok: 'null' }, { Err: 'unknown' }),
  fee: 'u64',
  preBalances: arrayOf('u64'),
  postBalances: arrayOf('u64'),
  innerInstructions: nullable(arrayOf({ index: 'number', instructions: arrayOf(compiledInstruction) })),
  logMessages: nullable(arrayOf('string')),
  preTokenBalances: optional(arrayOf(tokenBalance)),
  postTokenBalances: optional(arrayOf(tokenBalance)),
  rewards: nullable(arrayOf('unknown')),
  loadedAddresses: optional({ writable: arrayOf('string'), readonly: arrayOf('string') }),
  returnData: optional({ programId: 'string', data: arrayOf('string') }),
  computeUnitsConsumed: optional('u64'),
};
const jsonTransaction: Shape = {
  signatures: arrayOf('string'),
  message: {
    accountKeys: arrayOf('string'),
    header: {
      numRequiredSignatures: 'number',
      numReadonlySignedAccounts: 'number',
      numReadonlyUnsignedAccounts: 'number',
    },
    recentBlockhash: 'string',
    instructions: arrayOf(compiledInstruction),
    addressTableLookups: optional(
      arrayOf({ accountKey: 'string', writableIndexes: arrayOf('number'), readonlyIndexes: arrayOf('number') }),
    ),
  },
};
const transactionWithMeta = (transaction: Shape): Shape => ({
  transaction,
  meta: nullable(meta),
  version: optional(oneOf('string', 'number')),
});
const simulateValue: Shape = {
  err: 'unknown',
  logs: nullable(arrayOf('string')),
  accounts: nullable(arrayOf(nullable(account))),
  unitsConsumed: optional('u64'),
  returnData: nullable({ programId: 'string', data: arrayOf('string') }),
  innerInstructions: optional(nullable(arrayOf('unknown'))),
  replacementBlockhash: optional(nullable({ blockhash: 'string', lastValidBlockHeight: 'u64' })),
  fee: optional(nullable('u64')),
  loadedAccountsDataSize: optional(nullable('u64')),
};

function expectShape(v: unknown, shape: Shape): void {
  expect(check(v, shape)).toEqual([]);
}

async function signedWire(
  payer: KeyPairSigner,
  instructions: Instruction[],
  blockhash: { blockhash: string; lastValidBlockHeight: bigint },
) {
  const tx = await signTransactionMessageWithSigners(
    pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash as never, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    ),
  );
  return { tx, base64: getBase64EncodedWireTransaction(tx), signature: getSignatureFromTransaction(tx) };
}

describe('response shapes', () => {
  let net: Localnet;
  let m: OnChainMarketplace;
  let failing: Instruction;
  let stranger: KeyPairSigner;

  beforeAll(async () => {
    net = await startTestnet();
    m = await setupOnChain(net);
    stranger = await fundedSigner(net);
    failing = await registerOracleInstruction({
      admin: stranger,
      authority: stranger.address,
      attestationKey: (await generateKeyPairSigner()).address,
      capabilities: 1,
    });
  });
  afterAll(() => net?.close());

  const call = (method: string, params?: unknown[]) => rawResult(net, method, params);

  it('cluster methods', async () => {
    expectShape(await call('getVersion'), { 'solana-core': 'string', 'feature-set': 'u64' });
    expect(await call('getHealth')).toBe('ok');
    expectShape(await call('getGenesisHash'), 'string');
    for (const commitment of ['processed', 'confirmed', 'finalized']) {
      expectShape(await call('getSlot', [{ commitment }]), 'u64');
      expectShape(await call('getBlockHeight', [{ commitment }]), 'u64');
    }
    const processed = Number(await call('getSlot', [{ commitment: 'processed' }]));
    const finalized = Number(await call('getSlot', [{ commitment: 'finalized' }]));
    expect(processed).toBeGreaterThan(finalized);
    expectShape(await call('getEpochInfo'), {
      absoluteSlot: 'u64',
      blockHeight: 'u64',
      epoch: 'u64',
      slotIndex: 'u64',
      slotsInEpoch: 'u64',
      transactionCount: nullable('u64'),
    });
    const latest = await call('getLatestBlockhash', [{ commitment: 'confirmed' }]);
    expectShape(latest, contextual({ blockhash: 'string', lastValidBlockHeight: 'u64' }));
    const { value } = latest as { value: { blockhash: string } };
    expect(await call('isBlockhashValid', [value.blockhash, { commitment: 'processed' }])).toMatchObject({
      value: true,
    });
    expect(await call('isBlockhashValid', ['11111111111111111111111111111111'])).toMatchObject({ value: false });
    expectShape(await call('getMinimumBalanceForRentExemption', [100]), 'u64');
    const { base64 } = await signedWire(
      stranger,
      [failing],
      (await kitClients(net).rpc.getLatestBlockhash().send()).value,
    );
    const message = Buffer.from(base64, 'base64').subarray(65).toString('base64');
    const fee = await call('getFeeForMessage', [message, { commitment: 'processed' }]);
    expectShape(fee, contextual(nullable('u64')));
    expect(fee).toMatchObject({ value: 5000 });
  });

  it('account methods', async () => {
    const accountInfo = await call('getAccountInfo', [m.model, { encoding: 'base64' }]);
    expectShape(accountInfo, contextual(nullable(account)));
    expectShape(
      await call('getAccountInfo', [m.model, { encoding: 'base58', dataSlice: { offset: 0, length: 8 } }]),
      contextual(account),
    );
    expectShape(await call('getAccountInfo', [m.model, { encoding: 'base64+zstd' }]), contextual(account));
    // The default `binary` encoding is a bare base58 string, refused above 128 bytes as by validators.
    const clock = await call('getAccountInfo', ['SysvarC1ock11111111111111111111111111111111']);
    expectShape(clock, contextual({ ...(account as object), data: 'string' } as Shape));
    expect((await rawCall(net, 'getAccountInfo', [m.model])).error).toMatchObject({ code: -32602 });
    expect(await call('getAccountInfo', [(await generateKeyPairSigner()).address])).toMatchObject({ value: null });
    expectShape(await call('getBalance', [m.creator.address]), contextual('u64'));
    expectShape(
      await call('getMultipleAccounts', [
        [m.model, m.assetMint, '11111111111111111111111111111112'],
        { encoding: 'base64' },
      ]),
      contextual(arrayOf(nullable(account))),
    );
    const disc = getBase58Decoder().decode(accountDiscriminator('Model'));
    const discB64 = Buffer.from(accountDiscriminator('Model')).toString('base64');
    for (const memcmp of [
      { offset: 0, bytes: disc },
      { offset: 0, bytes: discB64, encoding: 'base64' },
    ]) {
      const list = await call('getProgramAccounts', [PROGRAM_ADDRESS, { encoding: 'base64', filters: [{ memcmp }] }]);
      expectShape(list, arrayOf(keyedAccount));
      expect((list as { pubkey: string }[]).map((a) => a.pubkey)).toEqual([m.model]);
    }
    const size = (accountInfo as { value: { space: number } }).value.space;
    const withContext = await call('getProgramAccounts', [
      PROGRAM_ADDRESS,
      { encoding: 'base64', withContext: true, filters: [{ dataSize: size }] },
    ]);
    expectShape(withContext, contextual(arrayOf(keyedAccount)));
    const byOwner = await call('getTokenAccountsByOwner', [
      m.creator.address,
      { programId: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb' },
      { encoding: 'jsonParsed' },
    ]);
    expectShape(byOwner, contextual(arrayOf(keyedAccount)));
    const [held] = (
      byOwner as { value: { pubkey: string; account: { data: { parsed: { info: { mint: string } } } } }[] }
    ).value;
    expect(held?.account.data.parsed.info.mint).toBe(m.assetMint);
    expectShape(await call('getTokenAccountBalance', [held?.pubkey]), contextual(uiTokenAmount));
    const notToken = await rawCall(net, 'getTokenAccountBalance', [m.model]);
    expect(notToken.error).toMatchObject({ code: -32602 });
  });

  it('transaction methods, preflight errors and history', async () => {
    const { rpc } = kitClients(net);
    const blockhash = (await rpc.getLatestBlockhash().send()).value;
    // A failing program instruction: preflight rejects it like a validator does.
    const bad = await signedWire(stranger, [failing], blockhash);
    const preflight = await rawCall(net, 'sendTransaction', [bad.base64, { encoding: 'base64' }]);
    expect(preflight.error).toMatchObject({
      code: -32002,
      message: expect.stringContaining('custom program error: 0x1770'),
    });
    const data = (preflight.error as { data: unknown }).data;
    expectShape(data, { ...simulateValue, accounts: 'null' } as Shape);
    expect(data).toMatchObject({ err: { InstructionError: [0, { Custom: 6000 }] } });
    // simulateTransaction: same error in the value, logs included.
    const sim = await call('simulateTransaction', [bad.base64, { encoding: 'base64', sigVerify: true }]);
    expectShape(sim, contextual(simulateValue));
    expect((sim as { value: { logs: string[] } }).value.logs.join('\n')).toContain(
      'failed: custom program error: 0x1770',
    );
    // replaceRecentBlockhash with an unknown blockhash still simulates.
    const stale = await signedWire(stranger, [failing], {
      blockhash: '11111111111111111111111111111111',
      lastValidBlockHeight: 0n,
    });
    const replaced = await call('simulateTransaction', [
      stale.base64,
      { encoding: 'base64', replaceRecentBlockhash: true },
    ]);
    expect(replaced).toMatchObject({ value: { replacementBlockhash: { blockhash: expect.any(String) } } });
    const expired = await rawCall(net, 'sendTransaction', [stale.base64, { encoding: 'base64' }]);
    expect(expired.error).toMatchObject({ code: -32002, data: { err: 'BlockhashNotFound' } });
    // skipPreflight: it lands with the error and pays the fee; base58 wire works too.
    const landedSig = await call('sendTransaction', [
      getBase58Decoder().decode(getTransactionEncoder().encode(bad.tx)),
      { skipPreflight: true },
    ]);
    expect(landedSig).toBe(bad.signature);
    await waitFor(async () => {
      const st = (await call('getSignatureStatuses', [[bad.signature]])) as {
        value: ({ confirmationStatus: string } | null)[];
      };
      return st.value[0]?.confirmationStatus === 'finalized';
    });
    const statuses = await call('getSignatureStatuses', [
      [bad.signature, m.modelSignature, stale.signature],
      { searchTransactionHistory: true },
    ]);
    expectShape(
      statuses,
      contextual(
        arrayOf(
          nullable({
            slot: 'u64',
            confirmations: nullable('u64'),
            err: 'unknown',
            status: 'unknown',
            confirmationStatus: nullable('string'),
          }),
        ),
      ),
    );
    expect((statuses as { value: unknown[] }).value[2]).toBeNull();
    // getTransaction in json and base64; v0 needs maxSupportedTransactionVersion.
    const json = await call('getTransaction', [bad.signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }]);
    expectShape(json, {
      slot: 'u64',
      blockTime: nullable('i64'),
      ...(transactionWithMeta(jsonTransaction) as object),
    } as Shape);
    expect(json).toMatchObject({ meta: { err: { InstructionError: [0, { Custom: 6000 }] }, fee: 5000 }, version: 0 });
    // A failed transaction costs its payer exactly the fee the meta reports.
    const failedMeta = (json as { meta: { preBalances: number[]; postBalances: number[]; fee: number } }).meta;
    expect((failedMeta.preBalances[0] ?? 0) - (failedMeta.postBalances[0] ?? 0)).toBe(failedMeta.fee);
    const b64 = await call('getTransaction', [
      m.modelSignature,
      { encoding: 'base64', maxSupportedTransactionVersion: 0 },
    ]);
    expectShape(b64, {
      slot: 'u64',
      blockTime: nullable('i64'),
      ...(transactionWithMeta(arrayOf('string')) as object),
    } as Shape);
    const txMeta = (
      b64 as { meta: { preBalances: number[]; postBalances: number[]; fee: number; postTokenBalances: unknown[] } }
    ).meta;
    expect(txMeta.postTokenBalances.length).toBeGreaterThan(0);
    const unsupported = await rawCall(net, 'getTransaction', [m.modelSignature, { encoding: 'json' }]);
    expect(unsupported.error).toMatchObject({ code: -32015 });
    expect(await call('getTransaction', [stale.signature, { maxSupportedTransactionVersion: 0 }])).toBeNull();
    // History by address, blocks.
    const sigs = await call('getSignaturesForAddress', [stranger.address, { limit: 10 }]);
    expectShape(
      sigs,
      arrayOf({
        signature: 'string',
        slot: 'u64',
        err: 'unknown',
        memo: nullable('string'),
        blockTime: nullable('i64'),
        confirmationStatus: nullable('string'),
      }),
    );
    expect((sigs as { signature: string }[])[0]?.signature).toBe(bad.signature);
    const slot = (json as { slot: number }).slot;
    expectShape(await call('getBlockTime', [slot]), 'i64');
    const block = await call('getBlock', [slot, { maxSupportedTransactionVersion: 0 }]);
    expectShape(block, {
      blockHeight: nullable('u64'),
      blockTime: nullable('i64'),
      blockhash: 'string',
      parentSlot: 'u64',
      previousBlockhash: 'string',
      transactions: arrayOf(transactionWithMeta(jsonTransaction)),
      rewards: optional(arrayOf('unknown')),
    });
    expect(await call('getBlock', [slot, { transactionDetails: 'signatures', rewards: false }])).toMatchObject({
      signatures: [bad.signature],
    });
    expectShape(await call('requestAirdrop', [stranger.address, 1000]), 'string');
  });

  it('error responses', async () => {
    expect((await rawCall(net, 'noSuchMethod')).error).toMatchObject({ code: -32601 });
    expect((await rawCall(net, 'getBalance', ['not-a-key'])).error).toMatchObject({ code: -32602 });
    expect((await rawCall(net, 'getSlot', [{ commitment: 'confirmed', minContextSlot: 1e12 }])).error).toMatchObject({
      code: -32016,
    });
    const batch = await fetch(net.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'getHealth' },
        { jsonrpc: '2.0', id: 2, method: 'getSlot' },
      ]),
    });
    expect(await batch.json()).toMatchObject([{ id: 1, result: 'ok' }, { id: 2 }]);
  });
});
