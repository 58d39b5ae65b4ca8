// Shared test fixtures: a marketplace on LiteSVM with an oracle whose keys
// exist as Solana CLI keypair files, datasets, PNG images, and the oracle's
// parts wired together in-process.

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import {
  Capability,
  Category,
  claimJob,
  createModel,
  initializeConfigInstruction,
  PROGRAM_ADDRESS,
  registerOracleInstruction,
  requestTraining,
  settleJob,
  submitResult,
} from '@modelmint/sdk';
import {
  type Address,
  createKeyPairSignerFromBytes,
  generateKeyPairSigner,
  type KeyPairSigner,
  lamports,
} from '@solana/kit';
import { Clock, LiteSVM } from 'litesvm';
import { type ContentStore, EmbeddedIpfs } from '../src/ipfs.js';
import { Journal } from '../src/journal.js';
import { createLogger, type Logger, silentLogger } from '../src/log.js';
import { Metrics } from '../src/metrics.js';
import { Oracle, type OracleConfig } from '../src/oracle.js';
import { SvmChain } from '../src/svm-chain.js';
import { WorkerClient } from '../src/worker.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PROGRAM_SO = resolve(REPO_ROOT, 'target/deploy/modelmint.so');
export const SOL = 1_000_000_000n;
export const WINDOW = 86_400n;

/** The worker's Python (scripts/setup-python), resolved once. */
export function workerPython(): string {
  if (process.env.MODELMINT_PYTHON) return process.env.MODELMINT_PYTHON;
  const py = execFileSync(resolve(REPO_ROOT, 'scripts/setup-python'), ['--print-python'], { encoding: 'utf8' }).trim();
  process.env.MODELMINT_PYTHON = py;
  return py;
}

/** A fresh Ed25519 keypair as the 64 bytes of a Solana CLI keypair file. */
export function newKeypairBytes(): Uint8Array {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as { d: string; x: string };
  const out = new Uint8Array(64);
  out.set(Buffer.from(jwk.d, 'base64url'), 0);
  out.set(Buffer.from(jwk.x, 'base64url'), 32);
  return out;
}

export interface OracleKeys {
  authority: KeyPairSigner;
  attestation: KeyPairSigner;
  authorityFile: string;
  attestationFile: string;
}

export interface Market {
  svm: LiteSVM;
  chain: SvmChain;
  admin: KeyPairSigner;
  treasury: KeyPairSigner;
  oracle: OracleKeys;
  dir: string;
}

export async function funded(svm: LiteSVM, amount = 100n * SOL): Promise<KeyPairSigner> {
  const s = await generateKeyPairSigner();
  svm.airdrop(s.address, lamports(amount));
  return s;
}

/** A fresh SVM with the program, the config and one registered oracle (infer + train) with key files in `dir`. */
export async function setupMarket(): Promise<Market> {
  if (!existsSync(PROGRAM_SO)) throw new Error(`${PROGRAM_SO} is missing: run scripts/build-program`);
  const dir = await mkdtemp(join(tmpdir(), 'mm-oracle-'));
  const svm = new LiteSVM();
  svm.addProgramFromFile(PROGRAM_ADDRESS, PROGRAM_SO);
  const chain = new SvmChain(svm);
  const admin = await funded(svm);
  const treasury = await funded(svm, SOL);
  const authBytes = newKeypairBytes();
  const attBytes = newKeypairBytes();
  const authorityFile = join(dir, 'authority.json');
  const attestationFile = join(dir, 'attestation.json');
  await writeFile(authorityFile, JSON.stringify([...authBytes]));
  await writeFile(attestationFile, JSON.stringify([...attBytes]));
  const authority = await createKeyPairSignerFromBytes(authBytes);
  const attestation = await createKeyPairSignerFromBytes(attBytes);
  svm.airdrop(authority.address, lamports(100n * SOL));
  await chain.sender.send(
    [
      await initializeConfigInstruction({ admin, treasury: treasury.address, arbiter: admin.address }),
      await registerOracleInstruction({
        admin,
        authority: authority.address,
        attestationKey: attestation.address,
        capabilities: Capability.Infer | Capability.Train,
      }),
    ],
    admin,
  );
  return { svm, chain, admin, treasury, oracle: { authority, attestation, authorityFile, attestationFile }, dir };
}

/** Creates a model of `category` (draft). */
export async function newModel(
  m: Market,
  category: number = Category.Caption,
  pricePerUse = 1_000_000n,
): Promise<{ model: Address; creator: KeyPairSigner }> {
  const creator = await funded(m.svm);
  const { model } = await createModel(m.chain.sender, {
    creator,
    category,
    pricePerUse,
    cardCid: new Uint8Array([1, 0x55, 0x12, 0x20, ...new Uint8Array(32).fill(7)]),
    name: 'Test model',
    symbol: 'TEST',
    uri: 'ipfs://card',
  });
  return { model, creator };
}

/** Publishes a version with arbitrary weights by hand (claim + submit + settle), for inputs that fail before weights are read. */
export async function fakeVersion(m: Market, model: Address, creator: KeyPairSigner): Promise<void> {
  const cid = (b: number) => new Uint8Array([1, 0x55, 0x12, 0x20, ...new Uint8Array(32).fill(b)]);
  const { job } = await requestTraining(m.chain.sender, {
    owner: creator,
    model,
    datasetCid: cid(1),
    configCid: cid(2),
    fee: 1_000_000n,
  });
  await claimJob(m.chain.sender, { authority: m.oracle.authority, job });
  await submitResult(m.chain.sender, {
    authority: m.oracle.authority,
    attestationSigner: m.oracle.attestation,
    job,
    resultCid: cid(3),
  });
  warp(m.svm, WINDOW + 1n);
  await settleJob(m.chain.sender, { payer: creator, job });
}

export function warp(svm: LiteSVM, seconds: bigint): void {
  const c = svm.getClock();
  svm.setClock(
    new Clock(c.slot + 1n, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, c.unixTimestamp + seconds),
  );
}

export function balance(svm: LiteSVM, a: Address): bigint {
  return svm.getBalance(a) ?? 0n;
}

/** JSONL caption dataset of `n` records (plus optional raw extra text). */
export function captionDataset(n = 40): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({ prompt: `Ahoy ${i % 7}`, completion: `the sea is calm and the wind is fair ${i % 5}` }),
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** An RGB PNG; `stored` = deflate without compression (big files on purpose). */
export function png(width: number, height: number, seed = 1, stored = false): Uint8Array {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s & 0xff;
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width * 3; x++)
      raw[y * (width * 3 + 1) + 1 + x] = stored ? rnd() : (x * 8 + y * 4 + seed * 40) & 0xff;
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw, { level: stored ? 0 : 6 })),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

export interface Rig<S extends ContentStore = EmbeddedIpfs> {
  oracle: Oracle;
  ipfs: S;
  worker: WorkerClient;
  journal: Journal;
  metrics: Metrics;
  stateDir: string;
  close(): Promise<void>;
}

/** The oracle's parts in-process, against `m`'s SVM; the embedded IPFS store unless `store` is given. */
export async function rig<S extends ContentStore = EmbeddedIpfs>(
  m: Market,
  o: { worker?: WorkerClient; config?: Partial<OracleConfig>; log?: Logger; ipfsDir?: string; store?: S } = {},
): Promise<Rig<S>> {
  const stateDir = join(m.dir, 'state');
  const ipfs = (o.store ?? (await EmbeddedIpfs.open(o.ipfsDir ?? join(m.dir, 'ipfs')))) as S;
  const log = o.log ?? (process.env.ORACLE_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger);
  const worker = o.worker ?? new WorkerClient({ log, python: workerPython(), env: { MODELMINT_THREADS: '1' } });
  const journal = new Journal(stateDir);
  const metrics = new Metrics();
  const oracle = new Oracle({
    chain: m.chain,
    ipfs,
    worker,
    journal,
    authority: m.oracle.authority,
    attestation: m.oracle.attestation,
    log,
    metrics,
    config: { workDir: stateDir, pollMs: 50, ...o.config },
  });
  await oracle.init();
  await worker.start();
  return {
    oracle,
    ipfs,
    worker,
    journal,
    metrics,
    stateDir,
    async close() {
      await oracle.stop();
      if (!o.worker) await worker.stop();
      journal.close();
      await ipfs.close();
    },
  };
}

export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
