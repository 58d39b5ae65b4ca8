// Runs the modelmint CLI as a child process against a local RPC, for the CLI tests.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Localnet } from '@modelmint/localnet';
import { type Address, createSolanaRpc, lamports } from '@solana/kit';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = 'sdk/bin/modelmint.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the CLI runs: the chain and the folder holding the keypair files. */
export interface CliTarget {
  net: Localnet;
  dir: string;
}

function spawnCli(t: CliTarget, args: string[], keypair: string, env?: NodeJS.ProcessEnv) {
  const full = ['--import', 'tsx', BIN, '--url', t.net.rpcUrl, '--ws', t.net.wsUrl, '--keypair', join(t.dir, keypair)];
  return spawn(process.execPath, [...full, ...args], { cwd: ROOT, ...(env ? { env } : {}) });
}

/** Runs the CLI as a child process (async, so the in-process chain keeps producing blocks). */
export function runCli(t: CliTarget, args: string[], keypair: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnCli(t, args, keypair, { ...process.env, NO_COLOR: '1' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** A CLI run whose stderr can be watched while it runs. */
export function runCliLive(t: CliTarget, args: string[], keypair: string) {
  const child: ChildProcessWithoutNullStreams = spawnCli(t, args, keypair);
  let stdout = '';
  let stderr = '';
  const watchers: { re: RegExp; resolve(m: RegExpMatchArray): void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of [...watchers]) {
      const m = stderr.match(w.re);
      if (m) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const done = new Promise<Run>((r) => child.on('close', (code) => r({ code: code ?? -1, stdout, stderr })));
  return {
    done,
    /** Resolves when stderr matches `re`. */
    waitFor(re: RegExp): Promise<RegExpMatchArray> {
      const m = stderr.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolvePromise, reject) => {
        watchers.push({ re, resolve: resolvePromise });
        void done.then((r) => reject(new Error(`exited ${r.code} before ${re}: ${r.stdout}${r.stderr}`)));
      });
    },
  };
}

export async function rpcCall(net: Localnet, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(net.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

/** Airdrops 10 SOL and waits for it to confirm. */
export async function fund(net: Localnet, address: Address): Promise<void> {
  const rpc = createSolanaRpc(net.rpcUrl);
  const sig = await rpc.requestAirdrop(address, lamports(10_000_000_000n)).send();
  for (let i = 0; i < 200; i++) {
    const { value } = await rpc.getSignatureStatuses([sig]).send();
    if (value[0]?.confirmationStatus === 'confirmed' || value[0]?.confirmationStatus === 'finalized') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('airdrop not confirmed');
}

export const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};
