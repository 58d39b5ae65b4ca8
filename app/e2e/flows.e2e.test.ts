// Every flow of the web app in Debian's chromium, against the local stack as
// processes (chain, indexer, oracle with its worker, app server), with
// wallet-standard wallets injected into the page and signing in this process
// (or the app server's development wallet). Balances are checked on chain.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchModelAccount, findGrantAddress, JobStatus, requestGeneration, settleJob } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes, EmbeddedIpfs } from '../../gpu-oracle/src/ipfs.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import {
  connectWallet,
  jobOf,
  jobStatus,
  lamports,
  seedDemoModels,
  waitForChainStatus,
  waitForStatus,
} from './fixtures.js';
import { type Stack, startStack } from './stack.js';
import { installTestWallet } from './wallet-host.js';

describe('the web app in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let caption: Address;
  let consumerJob: Address;

  beforeAll(async () => {
    stack = await startStack({ devWallet: true });
    const demos = await seedDemoModels(stack);
    caption = demos.caption.model;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('finds a model, pays per use, sees the verified result, and the job settles', async () => {
    const context = await browser.newContext();
    const wallet = await installTestWallet(context, [stack.keys.consumer]);
    const page = await context.newPage();
    await page.goto(stack.appUrl);
    await page.getByRole('searchbox', { name: 'Search models' }).fill('pirate');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=pirate/);
    await page.getByRole('link', { name: 'Pirate Captioner' }).click();
    await page.getByRole('heading', { name: 'Pirate Captioner', level: 1 }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await connectWallet(page, 'Test Wallet');
    await page.getByLabel('Prompt').fill('Ahoy');

    const { treasury, consumer } = stack.keys;
    const before = {
      consumer: await lamports(stack, consumer.address),
      model: await lamports(stack, caption),
      treasury: await lamports(stack, treasury.address),
    };
    await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    await page.waitForURL(/\/jobs\//);
    const job = jobOf(page);
    await waitForStatus(page, 'delivered');
    await page
      .getByTestId('result-verification')
      .getByText(/Verified/)
      .waitFor();
    expect(await page.getByTestId('result-text').textContent()).not.toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'job-result');

    // The dispute window passes (local chain only), then the consumer settles.
    await page.getByRole('button', { name: 'Skip to the end of the dispute window' }).click();
    await page.getByRole('button', { name: 'Settle', exact: true }).and(page.locator(':enabled')).click();
    await waitForStatus(page, 'settled');
    expect(await jobStatus(stack, job)).toBe(JobStatus.Settled);
    expect(wallet.signed).toBe(2);

    const after = {
      consumer: await lamports(stack, consumer.address),
      model: await lamports(stack, caption),
      treasury: await lamports(stack, treasury.address),
      job: await lamports(stack, job),
    };
    expect(after.model - before.model).toBe(900_000n);
    expect(after.treasury - before.treasury).toBe(100_000n);
    // The consumer paid the price, the job account's rent (returned by close_job) and two fees.
    expect(before.consumer - after.consumer - 1_000_000n - after.job).toBe(10_000n);
    consumerJob = job;
    await context.close();
  });

  it('a creator mints a model, validates and uploads a dataset, trains it watching progress, allowlists by CSV and withdraws', async () => {
    const { creator, consumer } = stack.keys;
    const context = await browser.newContext();
    const wallet = await installTestWallet(context, [creator]);
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/studio`);
    await connectWallet(page, 'Test Wallet');
    await page.getByRole('link', { name: 'Create a model' }).click();
    await page.getByLabel('Name').fill('Sea Shanty');
    await page.getByLabel('Symbol').fill('SHANTY');
    await page.getByLabel('Description').fill('Sings sea shanties, line by line.');
    await page.getByLabel('Tags').fill('music, pirate');
    await page.getByLabel('Price per use (SOL)').fill('0.002');
    await page.getByRole('button', { name: 'Create and mint' }).click();
    await page.waitForURL(/\/studio\/[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    const model = page.url().split('/').at(-1) as Address;
    expect((await fetchModelAccount(stack.chain.sender, model)).pricePerUse).toBe(2_000_000n);

    // A bad dataset: every problem listed per file, and training cannot be paid for.
    const files = join(stack.dir, 'creator-data');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'notes.txt'), 'not a dataset');
    writeFileSync(join(files, 'broken.jsonl'), '{"text": "fine"}\n{oops}\n{"prompt": "p", "completion": ""}\n');
    const dataset = page.getByLabel('Dataset files');
    await dataset.setInputFiles([join(files, 'notes.txt'), join(files, 'broken.jsonl')]);
    const problems = page.getByTestId('dataset-problems');
    await problems.getByText('UNSUPPORTED_FILE').waitFor();
    expect(await problems.getByRole('row').count()).toBe(4); // 2 lines of broken.jsonl, notes.txt, too few records
    expect(await page.getByRole('button', { name: 'Upload and train' }).isDisabled()).toBe(true);
    expect(wallet.signed).toBe(1);

    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ text: `Yo ho ${i}, haul away the anchor, me hearties.` }),
    );
    writeFileSync(join(files, 'shanties.jsonl'), `${lines.join('\n')}\n`);
    await dataset.setInputFiles([join(files, 'shanties.jsonl')]);
    await page.getByText('Dataset valid: 40 records in 1 file.').waitFor();
    await page.getByLabel('Base model').selectOption('caption-tiny');
    await page.getByLabel('Epochs').fill('4');
    await page.getByRole('button', { name: 'Upload and train' }).click();
    // The oracle's signed progress reports arrive live and are charted.
    await page
      .getByTestId('training-status')
      .filter({ hasText: /epoch \d+ of 4/ })
      .waitFor({ timeout: 120_000 });
    await page.getByTestId('training-job-status').filter({ hasText: 'delivered' }).waitFor({ timeout: 120_000 });
    await page.getByRole('img', { name: /Training loss and validation loss: epoch 4 of 4/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'studio-training');
    await page.getByRole('button', { name: 'Local chain: skip the dispute window' }).click();
    await page.getByRole('button', { name: 'Publish version 1' }).and(page.locator(':enabled')).click();
    await page.getByText('version 1', { exact: true }).waitFor();
    expect((await fetchModelAccount(stack.chain.sender, model)).currentVersion).toBe(1);

    // Allowlist only; a CSV with bad lines is refused whole, then a good one is granted.
    await page.getByLabel('Visibility', { exact: true }).selectOption('allowlist');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('allowlist', { exact: true }).first().waitFor();
    const signedBefore = wallet.signed;
    const csv = page.getByLabel('Or paste the CSV');
    await csv.fill(`wallet,expires\n${consumer.address}\nnot-a-wallet\n${stack.keys.admin.address},yesterday\n`);
    const bad = page.getByTestId('csv-problems');
    await bad.getByText('2 bad lines: nothing will be sent until every line is good.').waitFor();
    await bad.getByText(/line 3: "not-a-wallet" is not a valid wallet address/).waitFor();
    await bad.getByText(/line 4: expiry/).waitFor();
    expect(await page.getByRole('button', { name: 'Grant access' }).isDisabled()).toBe(true);
    expect(wallet.signed).toBe(signedBefore);
    await csv.fill(`wallet,expires\n${consumer.address}\n${stack.keys.admin.address},30d\n`);
    await page.getByRole('button', { name: 'Grant access' }).click();
    await page.getByTestId('grants').getByText(consumer.address).waitFor();
    await page.getByTestId('grants').getByText(stack.keys.admin.address).waitFor();
    const [grant] = await findGrantAddress({ model, user: consumer.address });
    expect(await stack.chain.exists(grant)).toBe(true);

    // A granted consumer pays for a use (through the SDK); the creator withdraws the revenue.
    const ipfs = await EmbeddedIpfs.open(stack.ipfsDir);
    const input = cidBytes(await ipfs.addBytes(new TextEncoder().encode('{"prompt":"Yo"}')));
    await ipfs.close();
    const { job } = await requestGeneration(stack.chain.sender, { user: consumer, model, inputCid: input });
    await waitForChainStatus(stack, job, JobStatus.Delivered);
    await stack.chain.advanceClock(86_401);
    await settleJob(stack.chain.sender, { payer: consumer, job });
    await page.getByText('Withdrawable now').waitFor();
    const withdraw = page.getByRole('button', { name: 'Withdraw to my wallet' });
    await withdraw.and(page.locator(':enabled')).waitFor();
    const before = await lamports(stack, creator.address);
    await withdraw.click();
    await page.getByText(/Withdraw 0\.0018 SOL: confirmed/).waitFor();
    expect((await lamports(stack, creator.address)) - before).toBe(1_800_000n - 5_000n);
    await context.close();
  });
});
