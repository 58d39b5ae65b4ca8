// `make start`: the whole marketplace on this machine, on embedded defaults.
// State lives in .modelmint/ and a second start resumes it.
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { configure, connect, fund, SOL } from './chain.js';
import { ensureKeys, loadKeypairFile } from './keys.js';
import { Services, waitForHttp } from './processes.js';
import { type Demo, demoSpecs, pinDemoContent, seedDemo } from './seed.js';
import { oracleArgs, startAppServer, startIndexer, workerPython } from './services.js';

const ROOT = resolve(import.meta.dirname, '../..');
const STATE = join(ROOT, '.modelmint');
const RPC_PORT = Number(process.env.MODELMINT_RPC_PORT ?? 8899);
const INDEXER_PORT = Number(process.env.MODELMINT_INDEXER_PORT ?? 3000);
const APP_PORT = Number(process.env.MODELMINT_APP_PORT ?? 5173);
// Configuration alone points the stack elsewhere: a real cluster (no local
// chain is started), a real PostgreSQL for the indexer (DATABASE_URL is passed
// through), a Kubo daemon instead of the embedded IPFS store.
const externalRpc = process.env.MODELMINT_RPC_URL;
const rpcUrl = externalRpc ?? `http://127.0.0.1:${RPC_PORT}`;
const wsUrl =
  process.env.MODELMINT_WS_URL ?? (externalRpc ? rpcUrl.replace(/^http/, 'ws') : `ws://127.0.0.1:${RPC_PORT + 1}`);
const kuboUrl = process.env.MODELMINT_KUBO_URL;
const indexerUrl = `http://127.0.0.1:${INDEXER_PORT}`;
const appUrl = `http://127.0.0.1:${APP_PORT}`;

await mkdir(join(STATE, 'logs'), { recursive: true });
const keys = await ensureKeys(join(STATE, 'keys'));
const [admin, treasury, oracle, attestation, creator, consumer] = await Promise.all(
  (['admin', 'treasury', 'oracle', 'attestation', 'creator', 'consumer'] as const).map((r) => loadKeypairFile(keys[r])),
);
if (!admin || !treasury || !oracle || !attestation || !creator || !consumer) throw new Error('missing demo keys');

const services = new Services(ROOT, join(STATE, 'logs'));
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping...');
  await services.stopAll();
  process.exit(code);
};
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  // Base models the oracle's worker fine-tunes (seconds for the tiny ones; cached); the
  // oracle trains on them when a config names no base.
  const python = workerPython(ROOT);
  // The web app's static build (a few seconds); the app server serves it.
  execFileSync('npm', ['run', '--silent', 'build', '-w', '@modelmint/app'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const demoData = join(STATE, 'demo-data');
  execFileSync(python, ['-m', 'modelmint_worker.data.demo', '--out', demoData], {
    cwd: join(ROOT, 'gpu-oracle/worker'),
    stdio: 'ignore',
  });

  services.start('chain', 'localnet/src/main.ts', [
    '--rpc-port',
    String(RPC_PORT),
    '--state-file',
    join(STATE, 'ledger.bin'),
  ]);
  await waitForHttp(`${rpcUrl}/health`);
  const chain = connect(rpcUrl, wsUrl);
  await fund(chain, [admin.address, oracle.address, creator.address, consumer.address]);
  await fund(chain, [treasury.address], SOL);
  await configure(chain, {
    admin,
    treasury: treasury.address,
    oracle: oracle.address,
    attestation: attestation.address,
  });

  const ipfsDir = join(STATE, 'ipfs');
  const specs = demoSpecs(demoData);
  const contents = [];
  for (const spec of specs) contents.push(await pinDemoContent(ipfsDir, spec, kuboUrl));

  startIndexer(services, {
    port: INDEXER_PORT,
    pgliteDir: join(STATE, 'indexer'),
    rpcUrl,
    wsUrl,
    ipfsDir: kuboUrl ? undefined : ipfsDir,
  });
  services.start(
    'oracle',
    'gpu-oracle/src/main.ts',
    oracleArgs({
      rpcUrl,
      wsUrl,
      keypair: keys.oracle,
      attestationKeypair: keys.attestation,
      ipfsDir,
      stateDir: join(STATE, 'oracle'),
      python,
      indexerUrl,
      metricsPort: 9464,
      defaultBases: true,
      kuboUrl,
    }),
  );
  // The app: proxies the indexer and the IPFS content; on the local chain it
  // also offers the demo keys as a development wallet (never on another cluster).
  startAppServer(services, {
    port: APP_PORT,
    rpcUrl,
    wsUrl,
    indexerUrl,
    ipfsDir,
    kuboUrl,
    ...(externalRpc
      ? { cluster: process.env.MODELMINT_APP_CLUSTER ?? 'custom' }
      : { devWalletKeys: join(STATE, 'keys') }),
  });
  await waitForHttp(`${indexerUrl}/health`, 120_000);
  await waitForHttp(`${appUrl}/config.json`, 60_000);

  const demos: Demo[] = [];
  for (const [i, spec] of specs.entries()) {
    const content = contents[i];
    if (content) demos.push(await seedDemo(chain, { creator, stateDir: STATE, spec, content }));
  }
  const [demo, images] = demos;
  if (!demo || !images) throw new Error('demo models missing');
  console.log(`
modelmint is running (state in .modelmint/, logs in .modelmint/logs/):
  app      ${appUrl}  (open it in a browser${externalRpc ? '' : '; no browser wallet? "Connect Wallet" offers the local dev wallet with the demo keys'})
  chain    ${rpcUrl}  (websocket ${wsUrl}; modelmint_advanceClock moves time)
  indexer  ${indexerUrl}/health  ${indexerUrl}/models  ${indexerUrl}/openapi.json
  oracle   http://127.0.0.1:9464/metrics  (CPU worker, embedded IPFS in .modelmint/ipfs)

demo wallets (keypair files in .modelmint/keys/):
  admin + arbiter  ${admin.address}
  treasury         ${treasury.address}
  oracle           ${oracle.address}
  creator          ${creator.address}  (holds the demo model's asset)
  consumer         ${consumer.address}

demo models (version 1 each, 0.001 SOL per use, 0.02 SOL a month, 10-use pass 0.008 SOL):
  Pirate Captioner (caption)  ${demo.model}
  Stripe Painter (generate)   ${images.model}

try next: open ${appUrl}, connect a wallet, pick a model, pay per use and watch the job;
or with the command-line client (sdk/src/cli/README.md):
  npm run modelmint -- --keypair .modelmint/keys/consumer.json --ipfs-dir .modelmint/ipfs \\
    generate ${demo.model} --prompt "Ahoy" --wait --out result.txt
  npm run modelmint -- --keypair .modelmint/keys/consumer.json --ipfs-dir .modelmint/ipfs \\
    generate ${images.model} --wait --out stripes.png
  npm run modelmint -- --keypair .modelmint/keys/creator.json model show ${demo.model}
  curl ${indexerUrl}/models   # what the indexer mirrored
and watch the oracle deliver it in .modelmint/logs/oracle.log.
Ctrl-C stops everything; make start again resumes.`);
} catch (e) {
  console.error(`make start failed: ${(e as Error).message}`);
  await stop(1);
}
