// The runtime configuration, fetched once before the app renders: the same
// build serves the local chain or any cluster (see server/config.ts).
import type { AppConfig } from '../server/config.js';

export type { AppConfig };

let current: AppConfig | undefined;

declare global {
  interface Window {
    /** Set by the app server in the page it serves (see server/app.ts). */
    __MODELMINT_CONFIG__?: AppConfig;
  }
}

/** The config the app server put in the page, if any (it always does; `vite` dev does not). */
export function inlineConfig(): AppConfig | undefined {
  current = globalThis.window?.__MODELMINT_CONFIG__ ?? current;
  return current;
}

export async function loadConfig(): Promise<AppConfig> {
  const inline = inlineConfig();
  if (inline) return inline;
  const res = await fetch('/config.json');
  if (!res.ok) throw new Error(`GET /config.json: ${res.status}`);
  current = (await res.json()) as AppConfig;
  return current;
}

/** Sets the config (server-side rendering: the app server's own). */
export function setConfig(c: AppConfig): void {
  current = c;
}

/** The configuration (after loadConfig). */
export function config(): AppConfig {
  if (!current) throw new Error('config not loaded');
  return current;
}

export function explorerTx(signature: string): string {
  return config().explorerTx.replace('{signature}', signature);
}

export function explorerAddress(address: string): string {
  return config().explorerAddress.replace('{address}', address);
}
