// A consumer, in a real browser with an injected wallet-standard wallet: finds
// a model, pays per use, sees the oracle's verified result, and the job
// settles; balances checked on chain.
import { JobStatus } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';
import { connectWallet, jobOf, jobStatus, lamports, seedDemoModels, waitForStatus } from './fixtures.js';
import { type Stack, startStack } from './stack.js';
import { installTestWallet } from './wallet-host.js';

describe('consumer in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let caption: Address;

  beforeAll(async () => {
    stack = await startStack();
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
    await context.close();
  });
});
