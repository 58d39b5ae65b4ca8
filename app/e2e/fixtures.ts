// What the browser tests share: models trained by the oracle (the local stack's
// demos, a style model, a model paid in an SPL token), new consumers on a model
// page, token and lamport balances and job waits on chain.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Category, fetchJobAccount, findAssociatedTokenAddress, TOKEN_2022_PROGRAM_ADDRESS } from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, type KeyPairSigner, lamports as lamports_ } from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintToInstruction,
} from '@solana-program/token';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LOCAL_BASES } from '../../scripts/local-stack/bases.js';
import { type Demo, type DemoSpec, demoSpecs, pinDemoContent, seedDemo } from '../../scripts/local-stack/seed.js';
import { REPO_ROOT, type Stack } from './stack.js';
import { installTestWallet } from './wallet-host.js';

/**
 * Trains and settles the local stack's demo models (version 1 each), through the running oracle,
 * and a style model on the same images (the demos have none), for the image-upload flow.
 */
export async function seedDemoModels(stack: Stack): Promise<{ caption: Demo; images: Demo; style: Demo }> {
  const data = join(stack.dir, 'demo-data');
  execFileSync(stack.python, ['-m', 'modelmint_worker.data.demo', '--out', data], {
    cwd: join(REPO_ROOT, 'gpu-oracle/worker'),
    stdio: 'ignore',
  });
  const restyler: DemoSpec = {
    key: 'e2e-style',
    name: 'Stripe Restyler',
    symbol: 'RESTYLE',
    description: 'Repaints an image in orange and purple stripes. A test model.',
    category: Category.Style,
    base: LOCAL_BASES.style,
    datasetDir: join(data, 'images'),
  };
  const out: Demo[] = [];
  for (const spec of [...demoSpecs(data), restyler]) {
    const content = await pinDemoContent(stack.ipfsDir, spec);
    out.push(await seedDemo(stack.chain, { creator: stack.keys.creator, stateDir: stack.dir, spec, content }));
  }
  const [caption, images, style] = out;
  if (!caption || !images || !style) throw new Error('demo models missing');
  return { caption, images, style };
}

/** One of the images the demo data holds (a PNG), to upload. */
export function demoImage(stack: Stack): string {
  const dir = join(stack.dir, 'demo-data', 'images');
  const png = readdirSync(dir).find((f) => f.endsWith('.png'));
  if (!png) throw new Error(`no PNG in ${dir}`);
  return join(dir, png);
}

export async function lamports(stack: Stack, address: Address): Promise<bigint> {
  return (await stack.chain.rpc.getBalance(address, { commitment: 'confirmed' }).send()).value;
}

/** The job address of a job page's URL. */
export function jobOf(page: Page): Address {
  const m = /\/jobs\/([1-9A-HJ-NP-Za-km-z]+)/.exec(page.url());
  if (!m?.[1]) throw new Error(`not a job page: ${page.url()}`);
  return m[1] as Address;
}

export async function jobStatus(stack: Stack, job: Address): Promise<number> {
  return (await fetchJobAccount(stack.chain.sender, job)).status;
}

/** Waits until the job account on chain has `status` (JobStatus). */
export async function waitForChainStatus(
  stack: Stack,
  job: Address,
  status: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await jobStatus(stack, job)) !== status) {
    if (Date.now() > deadline) throw new Error(`job ${job} did not reach status ${status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the page shows `Status: <status>`. */
export async function waitForStatus(page: Page, status: string, timeout = 120_000): Promise<void> {
  await page
    .getByTestId('job-status')
    .filter({ hasText: `Status: ${status}` })
    .waitFor({ timeout });
}

/** Clicks "Connect Wallet" and the named wallet; picks `account` when the wallet has several. */
export async function connectWallet(page: Page, walletName: string): Promise<void> {
  await page.getByRole('button', { name: 'Connect Wallet' }).click();
  await page.getByRole('button', { name: new RegExp(walletName) }).click();
  await page.getByRole('button', { name: /wallet menu/ }).waitFor();
}

/** After paying on a model page: the job page shows the result delivered and its hash verified; the job's address. */
export async function verifiedDelivery(page: Page): Promise<Address> {
  await page.waitForURL(/\/jobs\//);
  const job = jobOf(page);
  await waitForStatus(page, 'delivered');
  await page
    .getByTestId('result-verification')
    .getByText(/Verified/)
    .waitFor();
  return job;
}

/** On a delivered job's page: skips the dispute window (local chain only) and settles. */
export async function settleAfterWindow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Skip to the end of the dispute window' }).click();
  await page.getByRole('button', { name: 'Settle', exact: true }).and(page.locator(':enabled')).click();
  await waitForStatus(page, 'settled');
}

/**
 * A new consumer with 2 SOL: a browser context with its wallet injected, on `model`'s page,
 * connected. The caller closes the context.
 */
export async function newConsumerOn(
  stack: Stack,
  browser: Browser,
  model: Address,
): Promise<{ signer: KeyPairSigner; context: BrowserContext; page: Page }> {
  const signer = await generateKeyPairSigner();
  await stack.chain.airdrop(signer.address, 2_000_000_000n);
  const context = await browser.newContext();
  await installTestWallet(context, [signer]);
  const page = await context.newPage();
  await page.goto(`${stack.appUrl}/models/${model}`);
  await connectWallet(page, 'Test Wallet');
  return { signer, context, page };
}

/** A model paid in an SPL token: its mint (Token-2022, 6 decimals, held by the creator). */
export interface SplDemo extends Demo {
  mint: Address;
}

/**
 * A USDC-like Token-2022 mint (6 decimals, no freeze authority, so no trusted-mint entry is
 * needed) made by the creator, who gets 100 tokens; then a caption model priced in it (1 token
 * per use), trained for 10 tokens and settled like the demos.
 */
export async function seedSplModel(stack: Stack): Promise<SplDemo> {
  const { creator } = stack.keys;
  const mint = await generateKeyPairSigner();
  await stack.chain.sender.send(
    [
      getCreateAccountInstruction({
        payer: creator,
        newAccount: mint,
        // Above the 82-byte mint's rent-exempt minimum (1,461,600 lamports).
        lamports: lamports_(2_000_000n),
        space: 82n,
        programAddress: TOKEN_2022_PROGRAM_ADDRESS,
      }),
      getInitializeMint2Instruction(
        { mint: mint.address, decimals: 6, mintAuthority: creator.address },
        { programAddress: TOKEN_2022_PROGRAM_ADDRESS },
      ),
    ],
    creator,
  );
  await mintTokens(stack, mint.address, creator.address, 100_000_000n);
  const spec: DemoSpec = {
    key: 'e2e-spl',
    name: 'Token Captioner',
    symbol: 'TOKCAP',
    description: 'Talks like a pirate, for tokens. A test model.',
    category: Category.Caption,
    base: LOCAL_BASES.caption,
    datasetDir: join(stack.dir, 'demo-data', 'text'),
    payment: { mint: mint.address, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS },
  };
  const content = await pinDemoContent(stack.ipfsDir, spec);
  const demo = await seedDemo(stack.chain, { creator, stateDir: stack.dir, spec, content });
  return { ...demo, mint: mint.address };
}

/** Mints `amount` base units of the creator's mint to `owner`'s associated account (created if needed). */
export async function mintTokens(stack: Stack, mint: Address, owner: Address, amount: bigint): Promise<Address> {
  const { creator } = stack.keys;
  const ata = await tokenAccountOf(mint, owner);
  await stack.chain.sender.send(
    [
      getCreateAssociatedTokenIdempotentInstruction({
        payer: creator,
        ata,
        owner,
        mint,
        tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
      }),
      getMintToInstruction(
        { mint, token: ata, mintAuthority: creator, amount },
        { programAddress: TOKEN_2022_PROGRAM_ADDRESS },
      ),
    ],
    creator,
  );
  return ata;
}

/** `owner`'s associated Token-2022 account of `mint`. */
export async function tokenAccountOf(mint: Address, owner: Address): Promise<Address> {
  return findAssociatedTokenAddress({ wallet: owner, mint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS });
}

/** A token account's balance in base units (0 when it does not exist). */
export async function tokenBalance(stack: Stack, account: Address): Promise<bigint> {
  if (!(await stack.chain.exists(account))) return 0n;
  const { value } = await stack.chain.rpc.getTokenAccountBalance(account, { commitment: 'confirmed' }).send();
  return BigInt(value.amount);
}
