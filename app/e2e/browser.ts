// Debian's chromium driven by playwright-core, an axe scan helper and page
// screenshots under app/test-results/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const RESULTS_DIR = join(import.meta.dirname, '../test-results');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.MODELMINT_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serious or critical axe violations of the page as it is now (empty = none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A full-page screenshot under app/test-results/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  // Toasts come and go; the page under them is what a screenshot documents.
  const hide = await page.addStyleTag({ content: '[data-sonner-toaster] { display: none !important; }' });
  await page.screenshot({ path, fullPage: true });
  await hide.evaluate((e) => (e as Element).remove());
  return path;
}

/** A screenshot of one element (a chart, a card) under app/test-results/<name>.png. */
export async function screenshotOf(element: Locator, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await element.screenshot({ path });
  return path;
}
