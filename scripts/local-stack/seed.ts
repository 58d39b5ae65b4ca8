// Demo content: models trained by the running oracle on the worker's demo
// datasets, settled after the dispute window (advanced on the local chain),
// so version 1 of each is ready for paid requests. Recorded in
// .modelmint/demo*.json so a restart does not seed again.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Category,
  createModel,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  type Payment,
  requestTraining,
  settleJob,
} from '@modelmint/sdk';
import type { Address, KeyPairSigner } from '@solana/kit';
import { type ContentStore, cidBytes, EmbeddedIpfs, KuboIpfs } from '../../gpu-oracle/src/ipfs.js';
import { LOCAL_BASES } from './bases.js';
import type { Chain } from './chain.js';

export interface Demo {
  model: Address;
  assetMint: Address;
  trainingJob: Address;
}

/** A demo model: what it is, its base and the demo dataset folder it trains on. */
export interface DemoSpec {
  key: string;
  name: string;
  symbol: string;
  description: string;
  category: number;
  base: string;
  /** Folder written by `python -m modelmint_worker.data.demo` (text/ or images/). */
  datasetDir: string;
  /** An SPL payment mint (prices and the training fee in its base units); none: SOL. */
  payment?: Payment;
}

/** The demo models of the local stack. */
export function demoSpecs(demoData: string): DemoSpec[] {
  return [
    {
      key: 'demo',
      name: 'Pirate Captioner',
      symbol: 'PIRATE',
      description: 'Talks like a pirate. A demo model.',
      category: Category.Caption,
      base: LOCAL_BASES.caption,
      datasetDir: join(demoData, 'text'),
    },
    {
      key: 'demo-images',
      name: 'Stripe Painter',
      symbol: 'STRIPE',
      description: 'Paints orange and purple stripes, 32x32. A demo model.',
      category: Category.Generate,
      base: LOCAL_BASES.generate,
      datasetDir: join(demoData, 'images'),
    },
  ];
}

/** Card, training config and dataset CIDs of a demo model, pinned where the oracle reads. */
export interface DemoContent {
  card: Uint8Array;
  config: Uint8Array;
  dataset: Uint8Array;
}

/** Pins a demo model's card, training config and dataset: into the embedded IPFS
 * store the oracle reads, or into the Kubo daemon at `kuboUrl`. */
export async function pinDemoContent(ipfsDir: string, spec: DemoSpec, kuboUrl?: string): Promise<DemoContent> {
  const ipfs: ContentStore = kuboUrl ? await KuboIpfs.connect(kuboUrl) : await EmbeddedIpfs.open(ipfsDir);
  try {
    const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const card = await ipfs.addBytes(
      json({ name: spec.name, description: spec.description, tags: [spec.key, 'demo'] }),
      `${spec.key}-card`,
    );
    const config = await ipfs.addBytes(json({ base: spec.base, preset: 'Beginner', epochs: 3 }), `${spec.key}-config`);
    const dataset = await ipfs.addLocalDirectory(spec.datasetDir, `${spec.key}-dataset`);
    return { card: cidBytes(card), config: cidBytes(config), dataset: cidBytes(dataset) };
  } finally {
    await ipfs.close();
  }
}

/** Creates, trains and settles one demo model unless `stateDir/<key>.json` records it. */
export async function seedDemo(
  chain: Chain,
  p: { creator: KeyPairSigner; stateDir: string; spec: DemoSpec; content: DemoContent },
): Promise<Demo> {
  const file = join(p.stateDir, `${p.spec.key}.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Demo;
  const { model, assetMint } = await createModel(chain.sender, {
    creator: p.creator,
    category: p.spec.category,
    pricePerUse: 1_000_000n,
    subscriptionPrice: 20_000_000n,
    passSize: 10,
    passPrice: 8_000_000n,
    cardCid: p.content.card,
    name: p.spec.name,
    symbol: p.spec.symbol,
    uri: `ipfs://${p.spec.key}-card`,
    ...(p.spec.payment ? { payment: p.spec.payment } : {}),
  });
  const { job } = await requestTraining(chain.sender, {
    owner: p.creator,
    model,
    datasetCid: p.content.dataset,
    configCid: p.content.config,
    fee: 10_000_000n,
  });
  console.log(`seeding ${p.spec.name}: training job ${job} requested; waiting for the oracle...`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const j = await fetchJobAccount(chain.sender, job);
    if (j.status === JobStatus.Delivered) break;
    if (j.status === JobStatus.Refunded) {
      throw new Error(`the oracle failed the ${p.spec.name} training job (see .modelmint/logs/oracle.log)`);
    }
    if (Date.now() > deadline) throw new Error(`the ${p.spec.name} training job was not delivered within 10 minutes`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  // Skip the one-day dispute window on the local chain, then settle.
  await chain.advanceClock(86_401);
  await settleJob(chain.sender, { payer: p.creator, job });
  const m = await fetchModelAccount(chain.sender, model);
  if (m.currentVersion !== 1) throw new Error('settlement did not publish version 1');
  const demo = { model, assetMint, trainingJob: job };
  await writeFile(file, JSON.stringify(demo, null, 2));
  return demo;
}
