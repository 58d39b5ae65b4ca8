// @solana/kit's RPC clients and the SDK's RPC sender against the local endpoint.
import {
  fetchConfigAccount,
  isModelmintProgramError,
  PROGRAM_ADDRESS,
  parseEvents,
  registerOracleInstruction,
} from '@modelmint/sdk';
import {
  type Address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase58Decoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localnet } from '../src/index.js';
import { fundedSigner, kitClients, rawResult, SOL, startTestnet } from './helpers.js';
import { accountDiscriminator, type OnChainMarketplace, setupOnChain } from './marketplace.js';

const CLOCK_SYSVAR = 'SysvarC1ock11111111111111111111111111111111' as Address;

/** The first item of an async iterable, or a timeout error. */
async function first<T>(iterable: AsyncIterable<T>, ms = 5000): Promise<T> {
  const it = iterable[Symbol.asyncIterator]();
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no notification')), ms));
  const r = await Promise.race([it.next(), timeout]);
  if (r.done) throw new Error('subscription ended');
  return r.value;
}

describe('kit and the SDK against the local endpoint', () => {
  let net: Localnet;
  let m: OnChainMarketplace;
  let clients: ReturnType<typeof kitClients>;

  beforeAll(async () => {
    net = await startTestnet();
    clients = kitClients(net);
    m = await setupOnChain(net);
  });
  afterAll(() => net?.close());

  it('creates the config, an oracle and a model through createRpcSender', async () => {
    const config = await fetchConfigAccount(m.sender);
    expect(config.admin).toBe(m.admin.address);
    expect(await m.sender.getAccountData(m.model)).not.toBeNull();
    const tx = await clients.rpc
      .getTransaction(m.modelSignature as never, {
        commitment: 'confirmed',
        maxSupportedTransactionVersion: 0,
        encoding: 'json',
      })
      .send();
    expect(tx?.meta?.err).toBeNull();
    expect(parseEvents(tx?.meta?.logMessages ?? []).map((e) => e.name)).toContain('ModelCreated');
    expect(tx?.meta?.computeUnitsConsumed).toBeGreaterThan(0n);
    // getProgramAccounts with a memcmp on the Model discriminator finds it.
    const models = await clients.rpc
      .getProgramAccounts(PROGRAM_ADDRESS, {
        encoding: 'base64',
        filters: [
          {
            memcmp: {
              offset: 0n,
              bytes: getBase58Decoder().decode(accountDiscriminator('Model')) as never,
              encoding: 'base58',
            },
          },
        ],
      })
      .send();
    expect(models.map((a) => a.pubkey)).toEqual([m.model]);
    // The creator holds the Token-2022 asset.
    const held = await clients.rpc
      .getTokenAccountsByOwner(m.creator.address, { mint: m.assetMint }, { encoding: 'jsonParsed' })
      .send();
    expect(held.value).toHaveLength(1);
    const balance = await clients.rpc.getTokenAccountBalance(held.value[0]?.pubkey as Address).send();
    expect(balance.value.amount).toBe('1');
  });

  it('surfaces program errors as ModelmintProgramError', async () => {
    const stranger = await fundedSigner(net);
    const attestation = await generateKeyPairSigner();
    const ix = await registerOracleInstruction({
      admin: stranger,
      authority: stranger.address,
      attestationKey: attestation.address,
      capabilities: 1,
    });
    const err = await m.sender.send([ix], stranger).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isModelmintProgramError(err)).toBe(true);
    expect(isModelmintProgramError(err, 'Unauthorized')).toBe(true);
  });

  it('delivers signature, logs and account notifications over the websocket', async () => {
    const payer = await fundedSigner(net);
    const recipient = await generateKeyPairSigner();
    const abort = new AbortController();
    const logs = await clients.rpcSubscriptions
      .logsNotifications({ mentions: [recipient.address] }, { commitment: 'confirmed' })
      .subscribe({ abortSignal: abort.signal });
    const account = await clients.rpcSubscriptions
      .accountNotifications(recipient.address, { commitment: 'confirmed', encoding: 'base64' })
      .subscribe({ abortSignal: abort.signal });
    const { value: latest } = await clients.rpc.getLatestBlockhash().send();
    const transfer = {
      programAddress: '11111111111111111111111111111111' as Address,
      accounts: [
        { address: payer.address, role: 3 as const, signer: payer },
        { address: recipient.address, role: 1 as const },
      ],
      data: new Uint8Array([2, 0, 0, 0, 0, 202, 154, 59, 0, 0, 0, 0]),
    };
    const tx = await signTransactionMessageWithSigners(
      pipe(
        createTransactionMessage({ version: 0 }),
        (msg) => setTransactionMessageFeePayerSigner(payer, msg),
        (msg) => setTransactionMessageLifetimeUsingBlockhash(latest, msg),
        (msg) => appendTransactionMessageInstructions([transfer], msg),
      ),
    );
    const signature = getSignatureFromTransaction(tx);
    const status = await clients.rpcSubscriptions
      .signatureNotifications(signature, { commitment: 'confirmed' })
      .subscribe({ abortSignal: abort.signal });
    await clients.rpc.sendTransaction(getBase64EncodedWireTransaction(tx), { encoding: 'base64' }).send();
    const [s, l, a] = await Promise.all([first(status), first(logs), first(account)]);
    expect(s.value).toEqual({ err: null });
    expect(l.value.signature).toBe(signature);
    expect(l.value.logs.length).toBeGreaterThan(0);
    expect(a.value?.lamports).toBe(lamports(SOL));
    abort.abort();
  });

  it('modelmint_advanceClock moves getBlockTime and the clock sysvar', async () => {
    const before = await m.sender.getUnixTime();
    await rawResult(net, 'modelmint_advanceClock', [{ seconds: 86_400, slots: 10 }]);
    const after = await m.sender.getUnixTime();
    expect(after - before).toBeGreaterThanOrEqual(86_400n);
    expect(after - before).toBeLessThan(86_400n + 5n);
    const { value } = await clients.rpc.getAccountInfo(CLOCK_SYSVAR, { encoding: 'base64' }).send();
    const data = Buffer.from(value?.data[0] ?? '', 'base64');
    expect(data.readBigInt64LE(32)).toBeGreaterThanOrEqual(after);
  });

  it('keeps airdrops and transfers in getSignaturesForAddress with paging', async () => {
    const who = await fundedSigner(net, SOL);
    const second = await clients.rpc.requestAirdrop(who.address, lamports(2n * SOL)).send();
    await new Promise((r) => setTimeout(r, 400));
    const all = await clients.rpc.getSignaturesForAddress(who.address).send();
    expect(all).toHaveLength(2);
    expect(all[0]?.signature).toBe(second);
    const page = await clients.rpc.getSignaturesForAddress(who.address, { before: second, limit: 1 }).send();
    expect(page.map((s) => s.signature)).toEqual([all[1]?.signature]);
    expect(await clients.rpc.getBalance(who.address).send()).toMatchObject({ value: lamports(3n * SOL) });
  });
});
