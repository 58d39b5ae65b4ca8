// How the local stack starts its services, shared by `make start`, the
// end-to-end tests and the web app's browser tests: the worker's Python (with
// the local bases pretrained), the indexer and the oracle processes.

import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { defaultBaseArgs, LOCAL_BASE_SIZE } from './bases.js';
import type { Services } from './processes.js';

/** The worker's interpreter (installed by scripts/setup-python), with the local bases pretrained (seconds; cached). */
export function workerPython(root: string): string {
  const python = execFileSync('bash', [join(root, 'scripts/setup-python'), '--print-python'], {
    encoding: 'utf8',
  }).trim();
  execFileSync(python, ['-m', 'modelmint_worker.pretrain', '--size', LOCAL_BASE_SIZE], {
    cwd: join(root, 'gpu-oracle/worker'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return python;
}

/** The indexer on PGlite following the chain, with model cards from the embedded IPFS folder unless Kubo is used. */
export function startIndexer(
  services: Services,
  o: { port: number; pgliteDir: string; rpcUrl: string; wsUrl: string; ipfsDir?: string | undefined },
): ChildProcess {
  return services.start('indexer', 'indexer/src/main.ts', [], {
    INDEXER_PORT: String(o.port),
    INDEXER_PGLITE_DIR: o.pgliteDir,
    INDEXER_RPC_URL: o.rpcUrl,
    INDEXER_WS_URL: o.wsUrl,
    ...(o.ipfsDir ? { INDEXER_IPFS_DIR: o.ipfsDir } : {}),
  });
}

/** The oracle's command-line arguments. */
export function oracleArgs(o: {
  rpcUrl: string;
  wsUrl: string;
  keypair: string;
  attestationKeypair: string;
  ipfsDir: string;
  stateDir: string;
  python: string;
  indexerUrl: string;
  pollMs?: number;
  metricsPort?: number;
  /** The local bases as the oracle's defaults (a config naming no base trains on them). */
  defaultBases?: boolean;
  kuboUrl?: string | undefined;
}): string[] {
  return [
    '--url',
    o.rpcUrl,
    '--ws',
    o.wsUrl,
    '--keypair',
    o.keypair,
    '--attestation-keypair',
    o.attestationKeypair,
    '--ipfs-dir',
    o.ipfsDir,
    '--state-dir',
    o.stateDir,
    '--python',
    o.python,
    '--indexer-url',
    o.indexerUrl,
    ...(o.pollMs ? ['--poll-ms', String(o.pollMs)] : []),
    ...(o.metricsPort ? ['--metrics-port', String(o.metricsPort)] : []),
    ...(o.defaultBases ? defaultBaseArgs() : []),
    ...(o.kuboUrl ? ['--kubo-url', o.kuboUrl] : []),
  ];
}

/** The web app's server: the built app, the indexer and content proxies; the demo keys only for the local chain. */
export function startAppServer(
  services: Services,
  o: {
    port: number;
    rpcUrl: string;
    wsUrl: string;
    indexerUrl: string;
    ipfsDir: string;
    kuboUrl?: string | undefined;
    /** Another cluster than the local chain (no development wallet there). */
    cluster?: string | undefined;
    devWalletKeys?: string | undefined;
  },
): ChildProcess {
  if (o.cluster && o.devWalletKeys) throw new Error('the development wallet exists only on the local chain');
  return services.start('app', 'app/server/main.ts', [
    '--port',
    String(o.port),
    '--rpc-url',
    o.rpcUrl,
    '--ws-url',
    o.wsUrl,
    '--indexer-url',
    o.indexerUrl,
    ...(o.kuboUrl ? ['--kubo-url', o.kuboUrl] : ['--ipfs-dir', o.ipfsDir]),
    ...(o.cluster ? ['--cluster', o.cluster] : []),
    ...(o.devWalletKeys ? ['--dev-wallet-keys', o.devWalletKeys] : []),
  ]);
}
