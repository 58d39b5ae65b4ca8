// Demo content: one caption model, trained by the running oracle on the
// worker's demo dataset, settled after the dispute window (advanced on the
// local chain), so version 1 is ready for paid requests. Recorded in
// .modelmint/demo.json so a restart does not seed again.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Category,
  createModel,
  fetchJobAccount,
  fetchModelAccount,
  JobStatus,
  requestTraining,
  settleJob,
} from '@modelmint/sdk';
import type { Address, KeyPairSigner } from '@solana/kit';
import { type ContentStore, cidBytes, EmbeddedIpfs, KuboIpfs } from '../../gpu-oracle/src/ipfs.js';
import type { Chain } from './chain.js';

export interface Demo {
  model: Address;
  assetMint: Address;
  trainingJob: Address;
}

/** Pins the demo dataset, training config and model card: into the embedded
 * IPFS store the oracle reads, or into the Kubo daemon at `kuboUrl`. */
export async function pinDemoContent(ipfsDir: string, datasetDir: string, kuboUrl?: string) {
  const ipfs: ContentStore = kuboUrl ? await KuboIpfs.connect(kuboUrl) : await EmbeddedIpfs.open(ipfsDir);
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  const card = await ipfs.addBytes(
    json({ name: 'Pirate Captioner', description: 'Talks like a pirate. A demo model.', tags: ['caption', 'demo'] }),
    'demo-card',
  );
  const config = await ipfs.addBytes(json({ base: 'caption-tiny', preset: 'Beginner', epochs: 3 }), 'demo-config');
  const dataset = await ipfs.addLocalDirectory(datasetDir, 'demo-dataset');
  await ipfs.close();
  return { card: cidBytes(card), config: cidBytes(config), dataset: cidBytes(dataset) };
}

export async function seedDemo(
  chain: Chain,
  p: { creator: KeyPairSigner; stateDir: string; content: Awaited<ReturnType<typeof pinDemoContent>> },
): Promise<Demo> {
  const file = join(p.stateDir, 'demo.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Demo;
  const { model, assetMint } = await createModel(chain.sender, {
    creator: p.creator,
    category: Category.Caption,
    pricePerUse: 1_000_000n,
    subscriptionPrice: 20_000_000n,
    passSize: 10,
    passPrice: 8_000_000n,
    cardCid: p.content.card,
    name: 'Pirate Captioner',
    symbol: 'PIRATE',
    uri: 'ipfs://demo-card',
  });
  const { job } = await requestTraining(chain.sender, {
    owner: p.creator,
    model,
    datasetCid: p.content.dataset,
    configCid: p.content.config,
    fee: 10_000_000n,
  });
  console.log(`seeding: training job ${job} requested; waiting for the oracle...`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const j = await fetchJobAccount(chain.sender, job);
    if (j.status === JobStatus.Delivered) break;
    if (j.status === JobStatus.Refunded)
      throw new Error('the oracle failed the demo training job (see .modelmint/logs/oracle.log)');
    if (Date.now() > deadline) throw new Error('the demo training job was not delivered within 10 minutes');
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
