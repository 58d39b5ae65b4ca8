// `tsx app/server/main.ts`: serves the built app. Flags (or MODELMINT_APP_* env):
//   --port 5173 --host 127.0.0.1 --indexer-url URL --rpc-url URL [--ws-url URL]
//   --cluster localnet|devnet|testnet|mainnet-beta|custom [--wallet-chain solana:devnet]
//   --ipfs-dir DIR | --kubo-url URL [--ipfs-gateway URL]   where content is written / read
//   --dev-wallet-keys DIR   the local chain's demo keys (make start passes them; never elsewhere)
//   --program-id ADDRESS
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { EmbeddedIpfs, KuboIpfs } from '../../gpu-oracle/src/ipfs.js';
import { loadKeypairFile } from '../../gpu-oracle/src/keys.js';
import { type AppServerOptions, createAppServer } from './app.js';
import { type AppConfig, explorerTemplates } from './config.js';
import type { DevAccount } from './dev-wallet.js';

const FLAGS = [
  'port',
  'host',
  'indexer-url',
  'rpc-url',
  'ws-url',
  'cluster',
  'wallet-chain',
  'ipfs-dir',
  'kubo-url',
  'ipfs-gateway',
  'dev-wallet-keys',
  'program-id',
  'dist',
] as const;
const { values } = parseArgs({
  options: Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }])),
  strict: true,
});
const flag = (name: (typeof FLAGS)[number]): string | undefined =>
  values[name] ?? process.env[`MODELMINT_APP_${name.toUpperCase().replaceAll('-', '_')}`];

const port = Number(flag('port') ?? 5173);
const host = flag('host') ?? '127.0.0.1';
const rpcUrl = flag('rpc-url') ?? 'http://127.0.0.1:8899';
const cluster = flag('cluster') ?? 'localnet';
const localChain = cluster === 'localnet';
const keysDir = flag('dev-wallet-keys');
if (keysDir && !localChain) throw new Error('--dev-wallet-keys is only for the local chain (--cluster localnet)');

// Demo roles a person acts as; the oracle's and treasury's keys are not offered.
const DEV_ROLES = ['creator', 'consumer', 'admin'];
const devAccounts: DevAccount[] = [];
if (keysDir) {
  const files = (await readdir(keysDir)).filter((f) => DEV_ROLES.includes(basename(f, '.json')));
  for (const f of files.sort()) {
    devAccounts.push({ role: basename(f, '.json'), signer: await loadKeypairFile(join(keysDir, f)) });
  }
}

const config: AppConfig = {
  rpcUrl,
  wsUrl: flag('ws-url') ?? rpcUrl.replace(/^http/, 'ws').replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1}`),
  clusterName: localChain ? 'local chain' : cluster,
  walletChain: (flag('wallet-chain') ??
    (cluster === 'mainnet-beta' ? 'solana:mainnet' : 'solana:devnet')) as `solana:${string}`,
  ...explorerTemplates(cluster, rpcUrl),
  localChain,
  devWallet: devAccounts.length > 0,
  programAddress: flag('program-id') ?? null,
};

// The marketplace rendered on the server, when the server-side build is there (npm run build).
const distDir = resolve(flag('dist') ?? join(import.meta.dirname, '../dist'));
const ssrModule = join(distDir, '../dist-ssr/ssr.js');
const ssr = existsSync(ssrModule)
  ? ((await import(pathToFileURL(ssrModule).href)) as { renderMarketplace: AppServerOptions['renderMarketplace'] })
  : undefined;

const kubo = flag('kubo-url');
const store = kubo
  ? await KuboIpfs.connect(kubo)
  : await EmbeddedIpfs.open(resolve(flag('ipfs-dir') ?? join(process.env.MODELMINT_CACHE ?? '.', 'ipfs')));
const app = createAppServer({
  distDir,
  renderMarketplace: ssr?.renderMarketplace,
  indexerUrl: flag('indexer-url') ?? 'http://127.0.0.1:3000',
  content: { store, gateway: flag('ipfs-gateway') },
  config,
  devAccounts,
});
const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
  console.log(`app: http://${host}:${port} (${config.clusterName}${config.devWallet ? ', development wallet' : ''})`);
});
const stop = () => {
  server.close();
  void store.close().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
