import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Localnet, startLocalnet } from '@modelmint/localnet';
import {
  type Address,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  generateKeyPairSigner,
  type KeyPairSigner,
} from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/cli/ipfs.js';
import {
  Capability,
  claimJob,
  createRpcSender,
  findGrantAddress,
  initializeConfigInstruction,
  rawCid,
  registerOracleInstruction,
  submitResult,
  type TransactionSender,
} from '../../src/index.js';
import { BIN, fund as fundOn, ROOT, rpcCall as rpcCallOn, runCli, runCliLive, str } from './harness.js';

let net: Localnet;
let dir: string;
let sender: TransactionSender;
let authority: KeyPairSigner;
let attestation: KeyPairSigner;

const cli = (args: string[], keypair = 'creator.json') => runCli({ net, dir }, args, keypair);
const cliLive = (args: string[], keypair = 'creator.json') => runCliLive({ net, dir }, args, keypair);
const rpcCall = (method: string, params: unknown[]) => rpcCallOn(net, method, params);
const fund = (address: Address) => fundOn(net, address);

/** Runs with --json and parses stdout; fails the test on a non-zero exit. */
async function cliJson(args: string[], keypair?: string): Promise<Record<string, unknown>> {
  const r = await cli([...args, '--json'], keypair);
  if (r.code !== 0) throw new Error(`modelmint ${args.join(' ')} exited ${r.code}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('modelmint CLI against the local RPC', () => {
  let creator = '';
  let consumer = '';
  let model = '';
  let generationJob = '';
  let deliveredJob = '';

  beforeAll(async () => {
    net = await startLocalnet({ rpcPort: 0, wsPort: 0, slotMs: 100, finalityDepth: 1 });
    dir = await mkdtemp(join(tmpdir(), 'modelmint-cli-'));
    sender = createRpcSender({
      rpc: createSolanaRpc(net.rpcUrl),
      rpcSubscriptions: createSolanaRpcSubscriptions(net.wsUrl),
    });
    const [admin, treasury, arbiter] = await Promise.all([
      generateKeyPairSigner(),
      generateKeyPairSigner(),
      generateKeyPairSigner(),
    ]);
    authority = await generateKeyPairSigner();
    attestation = await generateKeyPairSigner();
    await Promise.all([fund(admin.address), fund(authority.address), fund(treasury.address)]);
    await sender.send(
      [
        await initializeConfigInstruction({ admin, treasury: treasury.address, arbiter: arbiter.address }),
        await registerOracleInstruction({
          admin,
          authority: authority.address,
          attestationKey: attestation.address,
          capabilities: Capability.Infer | Capability.Train,
        }),
      ],
      admin,
    );
  });

  afterAll(async () => {
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keygen writes Solana CLI keypair files (0600) and prints only the address', async () => {
    const [a, b] = await Promise.all([
      cliJson(['keygen', '--out', join(dir, 'creator.json')]),
      cliJson(['keygen', '--out', join(dir, 'consumer.json')]),
    ]);
    creator = str(a.address);
    consumer = str(b.address);
    const bytes = JSON.parse(await readFile(join(dir, 'creator.json'), 'utf8')) as number[];
    expect(bytes).toHaveLength(64);
    expect(statSync(join(dir, 'creator.json')).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(a)).not.toContain(JSON.stringify(bytes.slice(0, 8)).slice(1, -1));
    const [again, drop] = await Promise.all([
      cli(['keygen', '--out', join(dir, 'creator.json'), '--json']),
      cliJson(['airdrop', '5']),
      cliJson(['airdrop', '5'], 'consumer.json'),
    ]);
    expect(again.code).not.toBe(0);
    expect(JSON.parse(again.stdout).error.name).toBe('FileExists');
    expect(drop).toMatchObject({ address: creator, lamports: '5000000000', sol: '5', airdropped: '5' });
  });

  it('model create stores the card in the embedded IPFS folder; model show reads it back', async () => {
    const card = join(dir, 'card.json');
    await writeFile(
      card,
      JSON.stringify({ name: 'CLI Captioner', description: 'made by the CLI test', tags: ['text'] }),
    );
    const created = await cliJson([
      'model',
      'create',
      '--symbol',
      'CLICAP',
      '--category',
      'caption',
      '--price',
      '0.001',
      '--subscription-price',
      '0.01',
      '--pass-size',
      '10',
      '--pass-price',
      '0.008',
      '--card',
      card,
      '--ipfs-dir',
      join(dir, 'ipfs'),
    ]);
    model = str(created.model);
    expect(created.owner).toBe(creator);
    expect(created.cardStored).toBe(true);
    const cardCid = str(created.cardCid);
    expect(await readFile(join(dir, 'ipfs/pins.jsonl'), 'utf8')).toContain(cardCid);

    const [shown, balance] = await Promise.all([cliJson(['model', 'show', model]), cliJson(['balance', consumer])]);
    expect(balance).toMatchObject({ address: consumer, lamports: '5000000000', sol: '5' });
    expect(shown).toMatchObject({
      model,
      creator,
      category: 'caption',
      visibility: 'public',
      status: 'draft',
      currentVersion: 0,
      cardCid,
      pricing: { currency: 'SOL', perUse: '0.001', subscription: '0.01', passSize: 10, pass: '0.008' },
    });
  });

  it('train requests training; after the oracle delivers and the window passes, settle publishes version 1', async () => {
    const data = join(dir, 'dataset');
    await mkdir(data, { recursive: true });
    await writeFile(
      join(data, 'train.jsonl'),
      Array.from({ length: 12 }, (_, i) => JSON.stringify({ text: `line ${i}` })).join('\n'),
    );
    await writeFile(join(dir, 'config.json'), JSON.stringify({ preset: 'Beginner', epochs: 2 }));
    const requested = await cliJson([
      'train',
      model,
      '--dataset',
      data,
      '--config',
      join(dir, 'config.json'),
      '--fee',
      '0.01',
      '--no-wait',
      '--ipfs-dir',
      join(dir, 'ipfs'),
    ]);
    const job = str(requested.job) as Address;
    expect(str(requested.datasetCid)).toMatch(/^bafybei/);
    expect(requested.stored).toBe(true);
    // The oracle's part, in the test: claim, attested result.
    await claimJob(sender, { authority, job });
    await submitResult(sender, {
      authority,
      attestationSigner: attestation,
      job,
      resultCid: await rawCid(new TextEncoder().encode('weights')),
    });
    const early = await cli(['settle', job, '--json']);
    expect(early.code).not.toBe(0);
    expect(JSON.parse(early.stdout).error).toMatchObject({ name: 'DisputeWindowOpen', code: 6036 });
    await rpcCall('modelmint_advanceClock', [{ seconds: 86_401 }]);
    expect(await cliJson(['settle', job])).toMatchObject({ job, status: 'settled' });
    expect(await cliJson(['model', 'show', model])).toMatchObject({ status: 'ready', currentVersion: 1 });
  });

  it('allow-import reports every bad line at once and sends nothing', async () => {
    expect(await cliJson(['model', 'update', model, '--visibility', 'allowlist'])).toMatchObject({
      visibility: 'allowlist',
    });
    const csv = join(dir, 'bad.csv');
    await writeFile(
      csv,
      ['wallet,expires', `${consumer},30d`, 'not-a-wallet', `${creator},someday`, '', `${consumer},never`].join('\n'),
    );
    const [human, json] = await Promise.all([
      cli(['model', 'allow-import', model, '--csv', csv]),
      cli(['model', 'allow-import', model, '--csv', csv, '--json']),
    ]);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('InvalidCsv');
    for (const n of [3, 4, 6]) expect(human.stderr).toContain(`line ${n}:`);
    expect(human.stderr).not.toContain('line 2:');

    expect(json.code).toBe(1);
    const { error } = JSON.parse(json.stdout) as { error: { name: string; code: null; details: { lines: number[] } } };
    expect(error.name).toBe('InvalidCsv');
    expect(error.code).toBeNull();
    expect(error.details.lines).toEqual([3, 4, 6]);
    const [grant] = await findGrantAddress({ model: model as Address, user: consumer as Address });
    expect(await sender.getAccountData(grant)).toBeNull();
  });

  it('generate on an allowlist model without a grant fails with the program error name', async () => {
    const [human, json] = await Promise.all([
      cli(['generate', model, '--prompt', 'hello'], 'consumer.json'),
      cli(['generate', model, '--prompt', 'hello', '--json'], 'consumer.json'),
    ]);
    expect(human.code).not.toBe(0);
    expect(human.stderr).toContain('error: AccessDenied (6022)');
    expect(json.code).not.toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { name: 'AccessDenied', code: 6022, message: 'The model is allowlist-only and the wallet has no grant' },
    });
  });

  it('a granted consumer subscribes and requests a generation under the subscription', async () => {
    const csv = join(dir, 'good.csv');
    await writeFile(csv, `${consumer},30d\n`);
    const [imported, dry] = await Promise.all([
      cliJson(['model', 'allow-import', model, '--csv', csv]),
      cliJson(['model', 'allow-import', model, '--csv', csv, '--dry-run']),
    ]);
    expect(imported).toMatchObject({ valid: 1, granted: 1 });
    expect(dry).toMatchObject({ valid: 1, sent: 0 });

    const sub = await cliJson(['subscribe', model, '--months', '1'], 'consumer.json');
    expect(sub).toMatchObject({ model, months: 1, paid: '0.01', currency: 'SOL' });
    const days = (Date.parse(str(sub.expiresAt)) - Date.now()) / 86_400_000;
    // The chain clock was advanced one day by the training test.
    expect(days).toBeGreaterThan(29.5);
    expect(days).toBeLessThan(31.5);

    const gen = await cliJson(
      ['generate', model, '--prompt', 'hello', '--mode', 'subscription', '--ipfs-dir', join(dir, 'ipfs')],
      'consumer.json',
    );
    generationJob = str(gen.job);
    expect(gen).toMatchObject({ model, mode: 'subscription', status: 'open', inputStored: true });
    expect(await cliJson(['job', 'show', generationJob], 'consumer.json')).toMatchObject({
      job: generationJob,
      kind: 'inference',
      status: 'open',
      mode: 'subscription',
      requester: consumer,
      inputCid: gen.inputCid,
      version: 1,
    });
  });

  it('generate --out waits for delivery and saves the result from the embedded IPFS folder', async () => {
    const outFile = join(dir, 'result.txt');
    const run = cliLive(
      [
        'generate',
        model,
        '--prompt',
        'once upon',
        '--mode',
        'subscription',
        '--out',
        outFile,
        '--ipfs-dir',
        join(dir, 'ipfs'),
      ],
      'consumer.json',
    );
    const [, job] = await run.waitFor(/job (\w+): open/);
    deliveredJob = job ?? '';
    const store = await openEmbedded(join(dir, 'ipfs'));
    const resultCid = await store.addBytes(new TextEncoder().encode(' a time, a tiny model'));
    await store.close();
    await claimJob(sender, { authority, job: job as Address });
    await submitResult(sender, { authority, attestationSigner: attestation, job: job as Address, resultCid });
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`out: ${outFile}`);
    expect(await readFile(outFile, 'utf8')).toBe(' a time, a tiny model');
  });

  it('train follows the job: progress from the indexer stream, settles itself after the window', async () => {
    const clients: ServerResponse[] = [];
    const urls: string[] = [];
    const server = createServer((req, res) => {
      urls.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: ready\ndata: {}\n\n');
      clients.push(res);
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const indexerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = cliLive([
        'train',
        model,
        '--dataset',
        join(dir, 'dataset'),
        '--fee',
        '0.01',
        '--indexer-url',
        indexerUrl,
        '--ipfs-dir',
        join(dir, 'ipfs'),
      ]);
      const [, job] = await run.waitFor(/job (\w+): open/);
      await claimJob(sender, { authority, job: job as Address });
      for (let i = 0; i < 200 && clients.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(urls).toContain(`/stream?keys=${job}`);
      // The indexer's shape (indexer/src/api/routes/progress.ts): {slot, keys, event: {name, data: row}}.
      const row = { job, ts: '1', seq: 0, phase: 'train', epoch: 2, epochs: 2, step: 20, steps_total: 20 };
      const data = JSON.stringify({
        slot: '0',
        keys: [job],
        event: { name: 'TrainingProgress', data: { ...row, train_loss: 1.5, val_loss: 1.7, eta_secs: 0 } },
      });
      for (const c of clients) c.write(`event: TrainingProgress\nid: progress:${job}:1:0\ndata: ${data}\n\n`);
      await run.waitFor(/training: 20\/20 epoch 2\/2 loss 1\.500 val 1\.700/);
      await submitResult(sender, {
        authority,
        attestationSigner: attestation,
        job: job as Address,
        resultCid: await rawCid(new TextEncoder().encode('weights v2')),
      });
      await run.waitFor(/dispute window ends/);
      await rpcCall('modelmint_advanceClock', [{ seconds: 86_401 }]);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('status: settled');
      expect(r.stdout).toContain('version: 2');
    } finally {
      for (const c of clients) c.end();
      server.close();
    }
  });

  it('after the window: settle, refund, pass buy/close, rate, close-job and withdraw', async () => {
    // The previous test advanced the clock a day: the delivered job's window is over and the
    // undelivered one is past its deadline.
    const [settled, refunded, pass] = await Promise.all([
      cliJson(['settle', deliveredJob]),
      cliJson(['refund', generationJob]),
      cliJson(['pass', 'buy', model], 'consumer.json'),
    ]);
    expect(settled).toMatchObject({ job: deliveredJob, status: 'settled' });
    expect(refunded).toMatchObject({ job: generationJob, status: 'refunded' });
    expect(pass).toMatchObject({ model, usesLeft: 10, balance: '0.008', currency: 'SOL' });
    const [rated, closedPass, withdrawn] = await Promise.all([
      cliJson(['rate', deliveredJob, '5'], 'consumer.json'),
      cliJson(['pass', 'close', model], 'consumer.json'),
      cliJson(['model', 'withdraw', model]),
    ]);
    expect(rated).toMatchObject({ job: deliveredJob, rating: 5 });
    expect(closedPass).toMatchObject({ model, closed: true });
    // 90% of the 0.01 SOL subscription (the subscription-mode job escrows nothing).
    expect(withdrawn).toMatchObject({ model, to: creator, amount: '0.009', currency: 'SOL' });
    const [closedJob, again] = await Promise.all([
      cliJson(['close-job', deliveredJob], 'consumer.json'),
      cli(['model', 'withdraw', model, '--json']),
    ]);
    expect(closedJob).toMatchObject({ job: deliveredJob, closed: true });
    expect(JSON.parse(again.stdout).error).toMatchObject({ name: 'NothingToWithdraw', code: 6043 });
  });

  it('pass buy guards the size; a revoked subscriber gets the unused time back, topped up by the holder', async () => {
    const tooMany = await cli(['pass', 'buy', model, '--min-uses', '11', '--json'], 'consumer.json');
    expect(JSON.parse(tooMany.stdout).error).toMatchObject({ name: 'PassSizeChanged', code: 6046 });
    await cliJson(['subscribe', model, '--months', '1'], 'consumer.json');
    // Cancelling is for a paused model only.
    const ready = await cli(['subscription', 'cancel', model, '--json'], 'consumer.json');
    expect(JSON.parse(ready.stdout).error).toMatchObject({ name: 'ModelStillReady', code: 6049 });
    // Two months bought (0.01 each; the first one a day used), and the creator withdrew the revenue
    // before: the refund is more than the model holds, so the CLI tops it up from the creator's wallet.
    const consumerAddress = String((await cliJson(['balance'], 'consumer.json')).address);
    const revoked = await cliJson(['model', 'revoke', model, '--user', consumerAddress]);
    expect(revoked).toMatchObject({ model, user: consumerAddress, revoked: true, passRefund: '0', currency: 'SOL' });
    const refund = Number(revoked.subscriptionRefund);
    expect(refund).toBeGreaterThan(0.019);
    expect(refund).toBeLessThan(0.02);
  });

  it('usage errors exit 2 with a named error', async () => {
    const [r, unknown] = await Promise.all([cli(['model', 'create', '--json']), cli(['frobnicate'])]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.name).toBe('UsageError');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    expect(existsSync(join(ROOT, BIN))).toBe(true);
  });
});
