// The oracle's command line: `tsx gpu-oracle/src/main.ts --url ... --keypair ... --attestation-keypair ...`.
// Every flag has an environment equivalent (MODELMINT_ORACLE_<FLAG>, e.g.
// MODELMINT_ORACLE_URL); flags win. SIGINT/SIGTERM stop claiming and let
// running jobs finish; a SIGKILL is recovered from the journal at the next start.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Address } from '@solana/kit';
import { type ChainClient, RpcChain } from './chain.js';
import { parseDefaultBases } from './inputs.js';
import { type ContentStore, EmbeddedIpfs, KuboIpfs } from './ipfs.js';
import { Journal } from './journal.js';
import { loadKeypairFile } from './keys.js';
import { createLogger } from './log.js';
import { Metrics } from './metrics.js';
import { Oracle } from './oracle.js';
import { WorkerClient } from './worker.js';

const OPTIONS = {
  url: { type: 'string', default: 'http://127.0.0.1:8899', help: 'JSON-RPC URL of the cluster' },
  ws: { type: 'string', help: 'websocket URL (program notifications, confirmations); without it: polling' },
  keypair: { type: 'string', help: 'authority keypair file (Solana CLI JSON); signs and pays transactions' },
  'attestation-keypair': { type: 'string', help: 'attestation keypair file; signs results and progress' },
  'program-id': { type: 'string', help: "program address (default: the SDK's)" },
  'ipfs-dir': { type: 'string', help: 'embedded IPFS blockstore folder (default ~/.cache/modelmint/ipfs)' },
  'kubo-url': { type: 'string', help: 'use a Kubo daemon instead of the embedded store, e.g. http://127.0.0.1:5001' },
  'state-dir': { type: 'string', help: 'journal and scratch files (default ~/.cache/modelmint/oracle)' },
  'max-concurrent': { type: 'string', default: '2', help: 'jobs claimed at once' },
  'metrics-port': { type: 'string', help: 'serve Prometheus metrics on this port (0 = any)' },
  'metrics-host': { type: 'string', default: '127.0.0.1', help: 'metrics bind address' },
  'indexer-url': { type: 'string', help: 'indexer base URL for signed training progress' },
  'poll-ms': { type: 'string', default: '2000', help: 'scan interval' },
  'infer-timeout-secs': { type: 'string', default: '120', help: 'per-job limit on inference' },
  'train-timeout-secs': { type: 'string', default: '21600', help: 'per-job limit on training' },
  python: { type: 'string', help: 'Python for the worker (default $MODELMINT_PYTHON or python3)' },
  'train-device': { type: 'string', default: 'auto', help: 'auto | cpu | cuda' },
  'infer-device': { type: 'string', default: 'cpu', help: 'cpu (the reference for re-computation) | cuda | auto' },
  'default-base': {
    type: 'string',
    help: 'bases for training configs that name none, e.g. caption=caption-tiny,generate=generate32-tiny (default caption-small, generate32-small)',
  },
  'kubo-timeout-secs': { type: 'string', default: '30', help: 'a Kubo call with no progress this long fails' },
  once: { type: 'boolean', default: false, help: 'recover, scan once, wait for the jobs, exit' },
  help: { type: 'boolean', default: false, help: 'this text' },
} as const;

type Flag = keyof typeof OPTIONS;
const envName = (f: Flag) => `MODELMINT_ORACLE_${f.toUpperCase().replace(/-/g, '_')}`;

function usage(): string {
  const lines = Object.entries(OPTIONS).map(
    ([k, v]) =>
      `  --${k.padEnd(22)} ${v.help}${'default' in v ? ` (default ${String(v.default)})` : ''}  [${envName(k as Flag)}]`,
  );
  return `usage: tsx gpu-oracle/src/main.ts [options]\n${lines.join('\n')}\n`;
}

/**
 * Fault injection for the crash tests: MODELMINT_ORACLE_CRASH_AT=<point> makes
 * the process SIGKILL itself at that point of a job (claimed, result-pinned,
 * submitting, sent). Unset in production.
 */
function crashHook(log: ReturnType<typeof createLogger>) {
  const at = process.env.MODELMINT_ORACLE_CRASH_AT;
  if (!at) return undefined;
  return (point: string, job: string) => {
    if (point !== at) return;
    log.warn('crash injected', { point, job });
    process.kill(process.pid, 'SIGKILL');
  };
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(OPTIONS).map(([k, v]) => [k, { type: v.type }])) as {
      [K in Flag]: { type: (typeof OPTIONS)[K]['type'] };
    },
    strict: true,
  });
  const get = (f: Flag): string | undefined => {
    const v = (values as Record<string, unknown>)[f];
    if (typeof v === 'string') return v;
    const e = process.env[envName(f)];
    if (e !== undefined && e !== '') return e;
    const d = (OPTIONS[f] as { default?: unknown }).default;
    return typeof d === 'string' ? d : undefined;
  };
  const flag = (f: Flag) => (values as Record<string, unknown>)[f] === true || process.env[envName(f)] === '1';
  if (flag('help')) {
    process.stdout.write(usage());
    return;
  }
  const log = createLogger({ base: { svc: 'gpu-oracle' } });
  const keypair = get('keypair');
  const attestationKeypair = get('attestation-keypair');
  if (!keypair || !attestationKeypair) throw new Error(`--keypair and --attestation-keypair are required\n${usage()}`);
  const cache = process.env.MODELMINT_CACHE ?? join(homedir(), '.cache', 'modelmint');
  const stateDir = resolve(get('state-dir') ?? join(cache, 'oracle'));
  const int = (f: Flag) => {
    const n = Number(get(f));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${f} must be a non-negative integer`);
    return n;
  };

  const authority = await loadKeypairFile(keypair);
  const attestation = await loadKeypairFile(attestationKeypair);
  const url = get('url') as string;
  const chain: ChainClient = new RpcChain(url, {
    wsUrl: get('ws'),
    programAddress: get('program-id') as Address | undefined,
  });
  const kubo = get('kubo-url');
  const ipfs: ContentStore = kubo
    ? await KuboIpfs.connect(kubo, { stallMs: Math.max(1, int('kubo-timeout-secs')) * 1000 })
    : await EmbeddedIpfs.open(resolve(get('ipfs-dir') ?? join(cache, 'ipfs')));
  const journal = new Journal(stateDir);
  const metrics = new Metrics();
  const worker = new WorkerClient({ log: log.child({ part: 'worker' }), python: get('python') });
  const ready = await worker.start();
  log.info('worker started', { pid: ready.pid, device: ready.device, bases: ready.bases });
  const oracle = new Oracle({
    chain,
    ipfs,
    worker,
    journal,
    authority,
    attestation,
    log,
    metrics,
    hook: crashHook(log),
    config: {
      workDir: stateDir,
      maxConcurrent: Math.max(1, int('max-concurrent')),
      pollMs: int('poll-ms'),
      indexerUrl: get('indexer-url'),
      jobTimeoutMs: { inference: int('infer-timeout-secs') * 1000, training: int('train-timeout-secs') * 1000 },
      trainDevice: get('train-device') as string,
      inferDevice: get('infer-device') as string,
      defaultBases: parseDefaultBases(get('default-base')),
    },
  });
  await oracle.init();
  const port = get('metrics-port');
  const server = port === undefined ? undefined : await metrics.serve(Number(port), get('metrics-host'));
  if (server) {
    const a = server.address();
    log.info('metrics listening', { port: typeof a === 'object' && a ? a.port : port });
  }
  const restarts = setInterval(() => {
    metrics.set('modelmint_oracle_worker_restarts_total', worker.restartCount);
  }, 1000);
  restarts.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await oracle.stop();
    await worker.stop();
    server?.close();
    journal.close();
    await ipfs.close();
  };
  process.on('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.on('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));

  if (flag('once')) {
    await oracle.recover();
    await oracle.idle();
    await oracle.tick();
    await oracle.idle();
    await shutdown('once');
    return;
  }
  await oracle.run();
}

const isMain =
  process.argv[1] &&
  resolve(process.argv[1]).replace(/\.ts$/, '') === resolve(import.meta.filename ?? '').replace(/\.ts$/, '');
if (isMain) {
  main().catch((e: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'oracle failed', error: (e as Error).message })}\n`);
    process.exit(1);
  });
}
