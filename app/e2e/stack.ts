// The local stack for the browser tests, as separate processes on free ports:
// the chain (LiteSVM JSON-RPC), the indexer (PGlite), the oracle with its CPU
// worker and embedded IPFS, and the app server over the built app.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KeyPairSigner } from '@solana/kit';
import { type Chain, configure, connect, fund, SOL } from '../../scripts/local-stack/chain.js';
import { ensureKeys, loadKeypairFile, ROLES, type Role } from '../../scripts/local-stack/keys.js';
import { freePort, Services, waitForHttp } from '../../scripts/local-stack/processes.js';
import { oracleArgs, startAppServer, startIndexer, workerPython } from '../../scripts/local-stack/services.js';

export { freePort };

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface Stack {
  dir: string;
  chain: Chain;
  appUrl: string;
  indexerUrl: string;
  ipfsDir: string;
  python: string;
  keys: Record<Role, KeyPairSigner>;
  services: Services;
  /** Stops the oracle (jobs are then left unclaimed until their deadline). */
  stopOracle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts every process, funds the demo wallets, initialises the config and registers the oracle. */
export async function startStack(o: { devWallet?: boolean } = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'modelmint-app-e2e-'));
  const python = workerPython(REPO_ROOT);
  const [rpcPort, wsPort, indexerPort, appPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  const wsUrl = `ws://127.0.0.1:${wsPort}`;
  const indexerUrl = `http://127.0.0.1:${indexerPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const ipfsDir = join(dir, 'ipfs');
  const services = new Services(REPO_ROOT, dir);
  const stop = async () => {
    await services.stopAll();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    services.start('chain', 'localnet/src/main.ts', ['--rpc-port', String(rpcPort), '--ws-port', String(wsPort)]);
    await waitForHttp(`${rpcUrl}/health`);
    const chain = connect(rpcUrl, wsUrl);
    const keyFiles = await ensureKeys(join(dir, 'keys'));
    const signers = await Promise.all(ROLES.map((r) => loadKeypairFile(keyFiles[r])));
    const keys = Object.fromEntries(ROLES.map((r, i) => [r, signers[i]])) as Record<Role, KeyPairSigner>;
    await fund(chain, [keys.admin.address, keys.oracle.address, keys.creator.address, keys.consumer.address]);
    await fund(chain, [keys.treasury.address], SOL);
    await configure(chain, {
      admin: keys.admin,
      treasury: keys.treasury.address,
      oracle: keys.oracle.address,
      attestation: keys.attestation.address,
    });
    startIndexer(services, { port: indexerPort, pgliteDir: join(dir, 'indexer'), rpcUrl, wsUrl, ipfsDir });
    const oracle = services.start(
      'oracle',
      'gpu-oracle/src/main.ts',
      oracleArgs({
        rpcUrl,
        wsUrl,
        keypair: keyFiles.oracle,
        attestationKeypair: keyFiles.attestation,
        ipfsDir,
        stateDir: join(dir, 'oracle'),
        python,
        indexerUrl,
        pollMs: 500,
      }),
    );
    startAppServer(services, {
      port: appPort,
      rpcUrl,
      wsUrl,
      indexerUrl,
      ipfsDir,
      devWalletKeys: o.devWallet ? join(dir, 'keys') : undefined,
    });
    await waitForHttp(`${indexerUrl}/health`, 120_000);
    await waitForHttp(`${appUrl}/config.json`, 60_000);
    const stopOracle = () =>
      new Promise<void>((done) => {
        if (oracle.exitCode !== null || oracle.signalCode !== null) return done();
        oracle.once('exit', () => done());
        oracle.kill('SIGTERM');
      });
    return { dir, chain, appUrl, indexerUrl, ipfsDir, python, keys, services, stopOracle, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
