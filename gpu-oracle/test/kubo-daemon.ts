// A real Kubo daemon for a test: the binary scripts/setup-kubo builds, a throwaway
// IPFS_PATH, Kubo's `test` profile (loopback addresses on ports the OS picks, no
// bootstrap peers, no mDNS, AutoConf and AutoTLS off) and no content routing, so
// nothing leaves the machine. `offline` starts it with --offline (no swarm at all);
// otherwise its swarm listens on loopback with no peers, and a request for content
// nobody has waits forever, as on a real network.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface KuboDaemon {
  /** RPC API URL, e.g. http://127.0.0.1:41235. */
  url: string;
  /** Runs the `ipfs` command against this daemon's repo; returns stdout. */
  ipfs(args: string[], input?: Uint8Array): Buffer;
  stop(): Promise<void>;
}

/** The Kubo binary scripts/setup-kubo builds. */
export function kuboBinary(): string {
  const bin = execFileSync('bash', [join(ROOT, 'scripts/setup-kubo'), '--print-ipfs'], { encoding: 'utf8' }).trim();
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run scripts/setup-kubo (make test does)`);
  return bin;
}

function apiUrl(multiaddr: string): string {
  const m = /^\/ip4\/([\d.]+)\/tcp\/(\d+)/.exec(multiaddr.trim());
  if (!m) throw new Error(`unexpected Kubo API address ${multiaddr}`);
  return `http://${m[1]}:${m[2]}`;
}

export async function startKubo(o: { offline: boolean }): Promise<KuboDaemon> {
  const bin = kuboBinary();
  const repo = await mkdtemp(join(tmpdir(), 'mm-kubo-'));
  const env = { ...process.env, IPFS_PATH: repo };
  const ipfs = (args: string[], input?: Uint8Array) =>
    execFileSync(bin, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  ipfs(['init', '--profile', 'test', '--empty-repo']);
  ipfs(['config', 'Routing.Type', 'none']);
  const child: ChildProcess = spawn(bin, ['daemon', ...(o.offline ? ['--offline'] : [])], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (d: Buffer) => {
    log = (log + d.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 60_000;
  while (!log.includes('Daemon is ready')) {
    if (child.exitCode !== null) throw new Error(`kubo daemon exited: ${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kubo daemon not ready in 60 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = apiUrl(await readFile(join(repo, 'api'), 'utf8'));
  return {
    url,
    ipfs,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(repo, { recursive: true, force: true });
    },
  };
}
