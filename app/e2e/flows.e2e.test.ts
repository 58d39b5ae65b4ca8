// Every flow of the web app in Debian's chromium, against the local stack as
// processes (chain, indexer, oracle with its worker, app server), with
// wallet-standard wallets injected into the page and signing in this process
// (or the app server's development wallet). Balances are checked on chain.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fetchJobAccount,
  fetchModelAccount,
  findFeeVaultAddress,
  findGrantAddress,
  findSubscriptionAddress,
  findVaultAddress,
  JobStatus,
  ModelStatus,
  requestGeneration,
  settleJob,
  subscribe,
  updateModelInstruction,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner } from '@solana/kit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidBytes, EmbeddedIpfs, toCid } from '../../gpu-oracle/src/ipfs.js';
import { launchBrowser, screenshot, screenshotOf, seriousViolations } from './browser.js';
import {
  connectWallet,
  demoImage,
  jobOf,
  jobStatus,
  lamports,
  mintTokens,
  newConsumerOn,
  seedDemoModels,
  seedSplModel,
  settleAfterWindow,
  tokenAccountOf,
  tokenBalance,
  verifiedDelivery,
  waitForChainStatus,
  waitForStatus,
} from './fixtures.js';
import { type Stack, startStack } from './stack.js';
import { installTestWallet } from './wallet-host.js';

describe('the web app in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let caption: Address;
  let style: Address;
  let styleMint: Address;
  let consumerJob: Address;
  let shanty: Address;

  beforeAll(async () => {
    stack = await startStack({ devWallet: true });
    const demos = await seedDemoModels(stack);
    caption = demos.caption.model;
    style = demos.style.model;
    styleMint = demos.style.assetMint;
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

    const { consumer } = stack.keys;
    // SOL platform fees accrue in the fee vault until the treasury withdraws them.
    const [feeVault] = await findFeeVaultAddress();
    const before = {
      consumer: await lamports(stack, consumer.address),
      model: await lamports(stack, caption),
      fees: await lamports(stack, feeVault),
    };
    await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    const job = await verifiedDelivery(page);
    // The oracle's Ed25519 attestation, checked in the browser against its registered key.
    await page
      .getByTestId('result-verification')
      .getByText(/Attested: signed by the oracle's registered key/)
      .waitFor();
    expect(await page.getByTestId('result-text').textContent()).not.toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'job-result');

    // The dispute window passes (local chain only), then the consumer settles.
    await settleAfterWindow(page);
    expect(await jobStatus(stack, job)).toBe(JobStatus.Settled);
    expect(wallet.signed).toBe(2);

    const after = {
      consumer: await lamports(stack, consumer.address),
      model: await lamports(stack, caption),
      fees: await lamports(stack, feeVault),
      job: await lamports(stack, job),
    };
    expect(after.model - before.model).toBe(900_000n);
    expect(after.fees - before.fees).toBe(100_000n);
    // The consumer paid the price, the job account's rent (returned by close_job) and two fees.
    expect(before.consumer - after.consumer - 1_000_000n - after.job).toBe(10_000n);

    // The consumer rates the settled job; the model page shows it.
    await page.getByLabel('Your rating').selectOption('4');
    await page.getByRole('button', { name: 'Rate', exact: true }).click();
    await page.getByText('You rated this job.').waitFor();
    await page.goto(`${stack.appUrl}/models/${caption}`);
    await page.getByText('4.0 / 5 (1)').waitFor();
    consumerJob = job;
    await context.close();
  });

  it('uploads an image to a style model and sees the restyled image, checked against the chain', async () => {
    const { context, page } = await newConsumerOn(stack, browser, style);
    await page.getByRole('heading', { name: 'Stripe Restyler', level: 1 }).waitFor();
    const pay = page.getByRole('button', { name: 'Pay 0.001 SOL and run' });
    // Nothing to send until an image is chosen.
    expect(await pay.isDisabled()).toBe(true);
    const image = demoImage(stack);
    await page.getByLabel(/Image to restyle/).setInputFiles(image);
    const model = await lamports(stack, style);
    await pay.and(page.locator(':enabled')).click();
    const job = await verifiedDelivery(page);
    // The uploaded bytes are the job's input, pinned and hashed as sent; the result is a PNG.
    const onChain = await fetchJobAccount(stack.chain.sender, job);
    const store = await EmbeddedIpfs.open(stack.ipfsDir);
    const sent = await store.cat(toCid(new Uint8Array(onChain.inputCid)), 5 * 1024 * 1024);
    await store.close();
    expect(Buffer.from(sent)).toEqual(readFileSync(image));
    await page.getByTestId('input-image').waitFor();
    const shown = await page.getByTestId('result-image').evaluate(async (img) => {
      const blob = await (await fetch((img as HTMLImageElement).src)).blob();
      return { type: blob.type, size: blob.size, width: (img as HTMLImageElement).naturalWidth };
    });
    expect(shown.type).toBe('image/png');
    expect(shown.size).toBeGreaterThan(0);
    expect(shown.width).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'job-style-result');
    await settleAfterWindow(page);
    expect((await lamports(stack, style)) - model).toBe(900_000n);
    await context.close();
  });

  it('a subscriber cancels while the model is paused and gets the unused time back', async () => {
    const { signer, context, page } = await newConsumerOn(stack, browser, style);
    // Another subscription first: the refund (the whole unused value) comes from the model's
    // revenue, which holds 90% of each subscription (the platform keeps its 10%).
    const other = await generateKeyPairSigner();
    await stack.chain.airdrop(other.address, 1_000_000_000n);
    await subscribe(stack.chain.sender, { user: other, model: style, months: 1, maxPrice: 20_000_000n });
    await page.getByLabel('Months').fill('1');
    await page.getByRole('button', { name: 'Subscribe for 0.02 SOL' }).click();
    await page.getByText(/Subscribe for 1 month \(0\.02 SOL\): confirmed/).waitFor();
    const cancel = page.getByRole('button', { name: 'Cancel my subscription (unused time refunded)' });
    // While the model is ready a subscription runs its course: no cancel offered.
    expect(await cancel.count()).toBe(0);

    const { creator } = stack.keys;
    const setStatus = async (status: number) =>
      stack.chain.sender.send(
        [await updateModelInstruction({ owner: creator, model: style, assetMint: styleMint, status })],
        creator,
      );
    await setStatus(ModelStatus.Paused);
    try {
      await page.reload();
      await connectWallet(page, 'Test Wallet');
      await page.getByText('The model is paused: you may cancel your subscription').waitFor();
      const before = await lamports(stack, signer.address);
      await cancel.click();
      await page.getByText('Cancel my subscription: confirmed').waitFor();
      const [subscription] = await findSubscriptionAddress({ model: style, user: signer.address });
      expect(await stack.chain.exists(subscription)).toBe(false);
      // Nearly all of the 0.02 SOL comes back (seconds of the 30 days were used), with the
      // subscription's rent, less the transaction fee.
      const back = (await lamports(stack, signer.address)) - before;
      expect(back).toBeGreaterThan(19_990_000n);
      expect(back).toBeLessThan(20_000_000n + 2_000_000n);
      // Once the indexer has the cancellation the subscription is closed: no access, nothing to cancel.
      await cancel.waitFor({ state: 'detached' });
      expect(await page.getByRole('option', { name: /My subscription/ }).count()).toBe(0);
    } finally {
      await setStatus(ModelStatus.Ready);
    }
    await context.close();
  });

  it('pays per use for a model priced in an SPL token (Token-2022); the tokens move on chain', async () => {
    const spl = await seedSplModel(stack);
    const { signer, context, page } = await newConsumerOn(stack, browser, spl.model);
    await page.getByRole('heading', { name: 'Token Captioner', level: 1 }).waitFor();
    const mine = await mintTokens(stack, spl.mint, signer.address, 5_000_000n);
    const [vault] = await findVaultAddress({ model: spl.model });
    const treasury = await tokenAccountOf(spl.mint, stack.keys.treasury.address);
    const before = {
      mine: await tokenBalance(stack, mine),
      vault: await tokenBalance(stack, vault),
      treasury: await tokenBalance(stack, treasury),
    };
    expect(before.mine).toBe(5_000_000n);
    await page.getByLabel('Prompt').fill('Ahoy');
    // 1 token (6 decimals) a use, named by its mint.
    await page.getByRole('button', { name: `Pay 1 ${spl.mint.slice(0, 4)}… tokens and run` }).click();
    const job = await verifiedDelivery(page);
    // In escrow in the model's vault until settlement.
    expect(await tokenBalance(stack, mine)).toBe(4_000_000n);
    expect((await tokenBalance(stack, vault)) - before.vault).toBe(1_000_000n);
    await settleAfterWindow(page);
    expect(await jobStatus(stack, job)).toBe(JobStatus.Settled);
    // 90% stays in the vault as the model's revenue, 10% goes to the treasury's token account.
    expect((await tokenBalance(stack, vault)) - before.vault).toBe(900_000n);
    expect((await tokenBalance(stack, treasury)) - before.treasury).toBe(100_000n);
    expect(await tokenBalance(stack, mine)).toBe(4_000_000n);
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
    shanty = model;
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
    // The card of the chart itself (the innermost section holding its heading).
    const chart = page.locator('section', { has: page.getByRole('heading', { name: 'Training progress' }) }).last();
    await screenshotOf(chart, 'training-chart');
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

  it('shows a rejected signature, a program error, insufficient funds, the wrong network and a missing grant as messages', async () => {
    // A rejected signature: a neutral "cancelled", nothing sent.
    const context = await browser.newContext();
    const wallet = await installTestWallet(context, [stack.keys.consumer]);
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/models/${caption}`);
    await connectWallet(page, 'Test Wallet');
    await page.getByLabel('Prompt').fill('Avast');
    wallet.rejectNext();
    await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    await page.getByText('Cancelled in your wallet: nothing was sent.').first().waitFor();
    expect(page.url()).toContain(`/models/${caption}`);
    expect(wallet.signed).toBe(0);

    // A program error by its IDL name: the dispute window closes while the page still offers the dispute.
    await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    await page.waitForURL(/\/jobs\//);
    await waitForStatus(page, 'delivered');
    await page.getByLabel('Why is the result wrong?').fill('too short');
    await stack.chain.advanceClock(86_401);
    await page.getByRole('button', { name: 'Dispute', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The program refused the transaction' });
    await alert.getByText('DisputeWindowClosed (6035): The dispute window has closed').waitFor();
    expect(await jobStatus(stack, jobOf(page))).toBe(JobStatus.Delivered);
    await context.close();

    // Insufficient funds: said before the wallet is asked.
    const poor = await generateKeyPairSigner();
    const poorContext = await browser.newContext();
    const poorWallet = await installTestWallet(poorContext, [poor]);
    const poorPage = await poorContext.newPage();
    await poorPage.goto(`${stack.appUrl}/models/${caption}`);
    await connectWallet(poorPage, 'Test Wallet');
    await poorPage.getByLabel('Prompt').fill('Ahoy');
    await poorPage.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    await poorPage
      .getByText(/Insufficient funds: this needs about 0\.011 SOL and your wallet holds 0 SOL on local chain/)
      .first()
      .waitFor();
    expect(poorWallet.signed).toBe(0);
    // The allowlist model tells a wallet without a grant so, and offers no payment.
    await poorPage.goto(`${stack.appUrl}/models/${shanty}`);
    await connectWallet(poorPage, 'Test Wallet');
    await poorPage.getByText('Not on the allowlist').waitFor();
    expect(await poorPage.getByRole('button', { name: /Pay 0\.002 SOL and run/ }).isDisabled()).toBe(true);
    expect(await seriousViolations(poorPage)).toEqual([]);
    await poorContext.close();

    // A wallet whose account is on another network.
    const mainnet = await browser.newContext();
    await installTestWallet(mainnet, [stack.keys.consumer], { name: 'Mainnet Wallet', chains: ['solana:mainnet'] });
    const mainnetPage = await mainnet.newPage();
    await mainnetPage.goto(`${stack.appUrl}/models/${caption}`);
    await connectWallet(mainnetPage, 'Mainnet Wallet');
    await mainnetPage.getByText(/Wrong network: your wallet account is not on local chain \(solana:devnet\)/).waitFor();
    await mainnet.close();
  });

  it('a second consumer disputes; the arbiter refunds in the console (with the local development wallet)', async () => {
    const { signer: second, context, page } = await newConsumerOn(stack, browser, caption);
    await page.getByLabel('Prompt').fill('Ahoy there');
    await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    await page.waitForURL(/\/jobs\//);
    const job = jobOf(page);
    await waitForStatus(page, 'delivered');
    await page
      .getByTestId('dispute-countdown')
      .getByText(/closes in 2[34] h/)
      .waitFor();
    await page.getByLabel('Why is the result wrong?').fill('It is not pirate speak.');
    await page.getByRole('button', { name: 'Dispute', exact: true }).click();
    await waitForStatus(page, 'disputed');
    const paid = await lamports(stack, second.address);

    // The arbiter: the app server's development wallet, account "demo admin".
    const arbiterContext = await browser.newContext();
    const arbiter = await arbiterContext.newPage();
    await arbiter.goto(`${stack.appUrl}/arbiter`);
    await arbiter.getByRole('heading', { name: 'Arbiter console' }).waitFor();
    await arbiter.getByRole('button', { name: 'Connect Wallet' }).click();
    await arbiter.getByRole('button', { name: /Local dev wallet \(demo keys\)/ }).click();
    await arbiter.getByRole('button', { name: /wallet menu/ }).click();
    await arbiter.getByRole('radio', { name: /demo admin/ }).check();
    await arbiter.keyboard.press('Escape');
    const item = arbiter.getByTestId('dispute').filter({ hasText: job.slice(0, 4) });
    await item.getByText('It is not pirate speak.').waitFor();
    expect(await seriousViolations(arbiter)).toEqual([]);
    await screenshot(arbiter, 'arbiter-console');
    await item.getByLabel('Refund share (%)').fill('100');
    await item.getByText("0.001 SOL back to the requester, 0 SOL to the model's owner, 0 SOL fee.").waitFor();
    await item.getByRole('button', { name: 'Resolve' }).click();
    await item.waitFor({ state: 'detached' });
    // Resolved: the job is settled with the arbiter's refund, the whole escrow back to the requester.
    expect(await jobStatus(stack, job)).toBe(JobStatus.Settled);
    expect((await lamports(stack, second.address)) - paid).toBe(1_000_000n);
    // The consumer's page follows.
    await page.getByText('Status: settled, the arbiter refunded 100%').waitFor();
    await arbiterContext.close();
    await context.close();
  });

  it('subscribes, buys and closes a pass, and lists them with the jobs in my account', async () => {
    const context = await browser.newContext();
    await installTestWallet(context, [stack.keys.consumer]);
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/models/${caption}`);
    await connectWallet(page, 'Test Wallet');
    const [feeVault] = await findFeeVaultAddress();
    const fees = await lamports(stack, feeVault);
    const model = await lamports(stack, caption);
    await page.getByLabel('Months').fill('2');
    await page.getByRole('button', { name: 'Subscribe for 0.04 SOL' }).click();
    await page.getByText(/Subscribe for 2 months \(0\.04 SOL\): confirmed/).waitFor();
    expect((await lamports(stack, feeVault)) - fees).toBe(4_000_000n);
    expect((await lamports(stack, caption)) - model).toBe(36_000_000n);
    await page.getByRole('button', { name: 'Buy a pass for 0.008 SOL' }).click();
    await page.getByRole('button', { name: /Close my pass \(10 uses left, refunded\)/ }).waitFor();
    const beforeClose = await lamports(stack, stack.keys.consumer.address);
    await page.getByRole('button', { name: /Close my pass/ }).click();
    await page.getByText('Close my pass: confirmed').waitFor();
    // The pass's 0.008 SOL escrow and its rent come back, less the fee.
    expect((await lamports(stack, stack.keys.consumer.address)) - beforeClose).toBeGreaterThan(8_000_000n - 5_000n);

    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.getByRole('link', { name: `${consumerJob.slice(0, 4)}…${consumerJob.slice(-4)}` }).waitFor();
    await page.getByText(/active until/).waitFor();
    await page.getByText('closed').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'account');
    await context.close();
  });

  it('every page passes an axe scan with no serious violations; screenshots of each', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await installTestWallet(context, [stack.keys.creator], { remember: true });
    const page = await context.newPage();
    // Nothing thrown, and the server-rendered marketplace hydrates without a mismatch.
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /hydrat|did not match/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${stack.appUrl}/studio`);
    await connectWallet(page, 'Test Wallet');
    const pages: [string, string, () => Promise<void>][] = [
      ['marketplace', '/', () => page.getByRole('link', { name: 'Sea Shanty' }).waitFor()],
      [
        'marketplace-search',
        '/?q=pirate&sort=uses',
        () => page.getByRole('link', { name: 'Pirate Captioner' }).waitFor(),
      ],
      ['model', `/models/${caption}`, () => page.getByRole('heading', { name: 'Versions' }).waitFor()],
      ['job', `/jobs/${consumerJob}`, () => page.getByTestId('result-verification').waitFor()],
      ['account', '/account', () => page.getByRole('heading', { name: 'Jobs' }).waitFor()],
      ['studio', '/studio', () => page.getByRole('link', { name: 'Sea Shanty' }).waitFor()],
      ['studio-create', '/studio/new', () => page.getByRole('button', { name: 'Create and mint' }).waitFor()],
      ['studio-model', `/studio/${shanty}`, () => page.getByRole('img', { name: /Revenue over time/ }).waitFor()],
      ['arbiter', '/arbiter', () => page.getByRole('heading', { name: 'Resolved' }).waitFor()],
      ['not-found', '/no-such-page', () => page.getByRole('heading', { name: 'Page not found' }).waitFor()],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${stack.appUrl}${path}`);
      await ready();
      await page.getByRole('button', { name: /wallet menu/ }).waitFor();
      expect(await seriousViolations(page), name).toEqual([]);
      await screenshot(page, name);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refunds a job no oracle delivered, after its deadline', async () => {
    await stack.stopOracle();
    const context = await browser.newContext();
    await installTestWallet(context, [stack.keys.consumer]);
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/models/${caption}`);
    await connectWallet(page, 'Test Wallet');
    await page.getByLabel('Prompt').fill('Anyone there?');
    await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
    await page.waitForURL(/\/jobs\//);
    const job = jobOf(page);
    await waitForStatus(page, 'open');
    expect(await page.getByRole('button', { name: 'Refund', exact: true }).isDisabled()).toBe(true);
    const before = await lamports(stack, stack.keys.consumer.address);
    await page.getByRole('button', { name: 'Skip past the deadline' }).click();
    await page.getByRole('button', { name: 'Refund', exact: true }).and(page.locator(':enabled')).click();
    await waitForStatus(page, 'refunded');
    expect(await jobStatus(stack, job)).toBe(JobStatus.Refunded);
    // The whole price comes back, less the refund transaction's fee.
    expect((await lamports(stack, stack.keys.consumer.address)) - before).toBe(1_000_000n - 5_000n);
    await context.close();
  });
});
