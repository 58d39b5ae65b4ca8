// `npm run bench:app`: the web app's figures, measured in Debian's chromium
// (a benchmark: it prints and records, it asserts nothing).
//  1. initial JavaScript of the marketplace page (gzip bytes as sent), and that
//     the studio and arbiter console are not part of it;
//  2. marketplace over 50,000 models: navigation to the first page of cards
//     rendered, with a cold and a warm browser cache (indexer on PGlite, search
//     cache off: every page is a database search);
//  3. from a confirmed request_generation (the app opens the job page) to the
//     job page showing "delivered", against the local stack as processes: the
//     oracle's own time (until the job account is delivered on chain) and what
//     the app adds (indexer ingest, SSE, refetch, render).
// Writes bench/results/app.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateToLatest } from '@modelmint/indexer';
import { fetchJobAccount, JobStatus } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import type { Browser, Request } from 'playwright-core';
import { Services, waitForHttp } from '../../scripts/local-stack/processes.js';
import { launchBrowser } from '../e2e/browser.js';
import { connectWallet, jobOf, seedDemoModels } from '../e2e/fixtures.js';
import { freePort, REPO_ROOT, startStack } from '../e2e/stack.js';
import { installTestWallet } from '../e2e/wallet-host.js';
import { seedMarketplace } from './models.js';

const MODELS = Number(process.env.MODELMINT_BENCH_MODELS ?? 50_000);
const NAVIGATIONS = Number(process.env.MODELMINT_BENCH_NAVIGATIONS ?? 9);
const JOBS = Number(process.env.MODELMINT_BENCH_JOBS ?? 7);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : Number.NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;
const log = (m: string) => console.log(`[bench:app] ${m}`);

/**
 * Records, in the page, when the first model card is on screen: the frame after it entered the
 * document (ms since navigation start).
 */
const FIRST_CARD = `(() => {
  const seen = () => document.querySelector('[data-testid="model-list"] li');
  new MutationObserver((_, o) => {
    if (!seen()) return;
    o.disconnect();
    requestAnimationFrame(() => { window.__firstCard = performance.now(); });
  }).observe(document, { childList: true, subtree: true });
})();`;

/** When the app's scripts ran (rendered, or hydrated the server's markup), ms since navigation start. */
const appReady = () =>
  (performance.getEntriesByName('modelmint:app-ready')[0] as PerformanceEntry | undefined)?.startTime ?? Number.NaN;

/** Records, in the page, the wall time (ms) at which the job status first reads "delivered". */
const DELIVERED = `(() => {
  new MutationObserver(() => {
    const s = document.querySelector('[data-testid="job-status"]');
    if (s && !window.__deliveredAt && /Status: delivered/.test(s.textContent || '')) window.__deliveredAt = performance.timeOrigin + performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function marketplace(browser: Browser): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'modelmint-bench-app-'));
  const services = new Services(REPO_ROOT, dir);
  try {
    const pglite = join(dir, 'indexer');
    const t0 = performance.now();
    const { db, close } = await createDb({ pgliteDir: pglite });
    await migrateToLatest(db);
    await seedMarketplace(db, MODELS);
    await close();
    log(`${MODELS} models written to PGlite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const [indexerPort, appPort] = [await freePort(), await freePort()];
    services.start('indexer', 'indexer/src/main.ts', [], {
      INDEXER_PORT: String(indexerPort),
      INDEXER_PGLITE_DIR: pglite,
      INDEXER_SEARCH_CACHE_MS: '0',
    });
    services.start('app', 'app/server/main.ts', [
      '--port',
      String(appPort),
      '--indexer-url',
      `http://127.0.0.1:${indexerPort}`,
      '--ipfs-dir',
      join(dir, 'ipfs'),
    ]);
    await waitForHttp(`http://127.0.0.1:${indexerPort}/health`, 120_000);
    await waitForHttp(`http://127.0.0.1:${appPort}/config.json`);
    const url = `http://127.0.0.1:${appPort}/`;
    // A first navigation warms the indexer's process (its first search plans the query).
    const warmup = await browser.newContext();
    await (await warmup.newPage()).goto(url, { waitUntil: 'load' });
    await warmup.close();

    const scripts: { url: string; encoded: number }[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const ready: number[] = [];
    for (let i = 0; i < NAVIGATIONS; i++) {
      const context = await browser.newContext();
      await context.addInitScript({ content: FIRST_CARD });
      const page = await context.newPage();
      // The scripts of the first cold load: what a first visit downloads.
      const record = async (req: Request) => {
        if (req.resourceType() === 'script')
          scripts.push({ url: req.url(), encoded: (await req.sizes()).responseBodySize });
      };
      if (i === 0) page.on('requestfinished', record);
      for (const list of [cold, warm]) {
        await page.goto(url);
        await page.waitForFunction(() => (window as unknown as { __firstCard?: number }).__firstCard !== undefined);
        list.push(await page.evaluate(() => (window as unknown as { __firstCard: number }).__firstCard));
        if (list === cold) {
          await page.waitForFunction(() => performance.getEntriesByName('modelmint:app-ready').length > 0);
          ready.push(await page.evaluate(appReady));
        }
        page.off('requestfinished', record);
      }
      await context.close();
    }
    const initial = scripts.reduce((n, s) => n + s.encoded, 0);
    const lazyLoaded = scripts.filter((s) => /StudioPage|ArbiterPage/.test(s.url)).map((s) => s.url);
    log(`initial JS of the marketplace: ${(initial / 1024).toFixed(1)} KB gzip as sent (${scripts.length} files)`);
    log(
      `first page of ${MODELS} models rendered: cold ${round(median(cold))} ms, warm ${round(median(warm))} ms (median of ${NAVIGATIONS})`,
    );
    log(`the app running in the page (rendered, or hydrating the server's markup), cold: ${round(median(ready))} ms`);
    return {
      marketplace_initial_js_gzip_bytes: initial,
      marketplace_initial_js_files: scripts.map((s) => s.url.replace(/^https?:\/\/[^/]+/, '')),
      marketplace_lazy_chunks_in_initial_load: lazyLoaded,
      marketplace_models: MODELS,
      marketplace_first_page_ms_cold_median: round(median(cold)),
      marketplace_first_page_ms_cold_max: round(Math.max(...cold)),
      marketplace_first_page_ms_warm_median: round(median(warm)),
      marketplace_first_page_ms_warm_max: round(Math.max(...warm)),
      marketplace_app_ready_ms_cold_median: round(median(ready)),
      marketplace_navigations: NAVIGATIONS,
    };
  } finally {
    await services.stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}

async function latency(browser: Browser): Promise<Record<string, unknown>> {
  const stack = await startStack();
  try {
    const { caption } = await seedDemoModels(stack);
    const context = await browser.newContext();
    await context.addInitScript({ content: DELIVERED });
    await installTestWallet(context, [stack.keys.consumer], { remember: true });
    const page = await context.newPage();
    await page.goto(`${stack.appUrl}/models/${caption.model}`);
    await connectWallet(page, 'Test Wallet');
    const oracle: number[] = [];
    const app: number[] = [];
    for (let i = 0; i < JOBS; i++) {
      await page.goto(`${stack.appUrl}/models/${caption.model}`);
      await page.getByLabel('Prompt').fill(`Ahoy number ${i}`);
      await page.getByRole('button', { name: 'Pay 0.001 SOL and run' }).click();
      await page.waitForURL(/\/jobs\//);
      const confirmed = Date.now();
      const job: Address = jobOf(page);
      let delivered = 0;
      while (!delivered) {
        const j = await fetchJobAccount(stack.chain.sender, job);
        if (j.status >= JobStatus.Delivered) delivered = Date.now();
        else await new Promise((r) => setTimeout(r, 10));
      }
      await page.waitForFunction(
        () => (window as unknown as { __deliveredAt?: number }).__deliveredAt !== undefined,
        null,
        {
          timeout: 60_000,
        },
      );
      const shown = await page.evaluate(() => (window as unknown as { __deliveredAt: number }).__deliveredAt);
      oracle.push(delivered - confirmed);
      app.push(shown - delivered);
      log(`job ${i + 1}: oracle ${delivered - confirmed} ms, then the page ${Math.round(shown - delivered)} ms later`);
      await page.evaluate(() => {
        (window as unknown as { __deliveredAt?: number }).__deliveredAt = undefined;
      });
    }
    await context.close();
    return {
      job_oracle_ms_median: round(median(oracle)),
      job_app_after_delivery_ms_median: round(median(app)),
      job_app_after_delivery_ms_max: round(Math.max(...app)),
      job_runs: JOBS,
    };
  } finally {
    await stack.stop();
  }
}

execFileSync('npm', ['run', '--silent', 'build', '-w', '@modelmint/app'], {
  cwd: REPO_ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const browser = await launchBrowser();
try {
  const result = {
    ...(await marketplace(browser)),
    ...(await latency(browser)),
    browser: browser.version(),
    measured_at: new Date().toISOString(),
  };
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'bench/results/app.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
}
