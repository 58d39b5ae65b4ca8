// Starts the local chain: SVM + program, block production, HTTP JSON-RPC and websocket pubsub.
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Address } from '@solana/kit';
import { LiteSVM } from 'litesvm';
import { Chain, createSvm } from './chain.js';
import type { RpcContext } from './context.js';
import { Faucet } from './faucet.js';
import { createRpcServer } from './http.js';
import { methods } from './methods/index.js';
import { PubSub } from './pubsub.js';
import { loadState, saveState } from './state-file.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface LocalnetOptions {
  /** HTTP JSON-RPC port (default 8899; 0 picks a free one). */
  rpcPort?: number;
  /** Websocket port (default rpcPort + 1; 0 picks a free one). */
  wsPort?: number;
  host?: string;
  /** Compiled program (default target/deploy/modelmint.so). */
  programPath?: string;
  /** Program address (default: idl/modelmint.json's). */
  programId?: string;
  /** Where state persists; none keeps it in memory only. */
  stateFile?: string;
  /** Start from a fresh ledger even when the state file exists. */
  reset?: boolean;
  /** Milliseconds per slot (default 400). */
  slotMs?: number;
  /** Blocks between confirmed and finalized (default 2). */
  finalityDepth?: number;
  /** Extra programs to load: address and .so path. */
  programs?: { address: string; path: string }[];
}

export interface Localnet {
  rpcUrl: string;
  wsUrl: string;
  rpcPort: number;
  wsPort: number;
  programId: string;
  chain: Chain;
  /** Milliseconds from the call to listening. */
  startMs: number;
  /** Writes the state file now (no-op without one). */
  persist(): void;
  close(): Promise<void>;
}

export const DEFAULT_PROGRAM = resolve(REPO_ROOT, 'target/deploy/modelmint.so');

export function idlProgramId(): string {
  const idl: unknown = JSON.parse(readFileSync(resolve(REPO_ROOT, 'idl/modelmint.json'), 'utf8'));
  if (typeof idl === 'object' && idl !== null && 'address' in idl && typeof idl.address === 'string')
    return idl.address;
  throw new Error('idl/modelmint.json has no address');
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  server.listen(port, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

export async function startLocalnet(o: LocalnetOptions = {}): Promise<Localnet> {
  const t0 = performance.now();
  const host = o.host ?? '127.0.0.1';
  const programPath = o.programPath ?? DEFAULT_PROGRAM;
  const programId = o.programId ?? idlProgramId();
  if (!existsSync(programPath)) throw new Error(`${programPath} is missing: run scripts/build-program`);
  if (o.reset && o.stateFile) rmSync(o.stateFile, { force: true });
  const saved = o.stateFile ? loadState(o.stateFile) : undefined;
  const svm = saved ? LiteSVM.fromBytes(saved.svm).withBlockhashCheck(false).withSigverify(true) : createSvm();
  // Always (re)load the program so a rebuilt .so takes effect on restart.
  svm.addProgramFromFile(programId as Address, programPath);
  for (const p of o.programs ?? []) svm.addProgramFromFile(p.address as Address, p.path);
  const chain = new Chain(svm, saved?.chain, { finalityDepth: o.finalityDepth ?? 2 });
  const faucet = await Faucet.create(chain.faucetSeed);
  faucet.fund(svm);
  const ctx: RpcContext = { chain, faucet };

  const persist = (): void => {
    if (!o.stateFile) return;
    mkdirSync(dirname(resolve(o.stateFile)), { recursive: true });
    saveState(o.stateFile, { chain: chain.state(), svm: svm.toBytes() });
    chain.dirty = false;
  };
  persist();

  const http = createRpcServer(ctx, methods);
  const wsHttp = createRpcServer(ctx, methods);
  const rpcPort = await listen(http, o.rpcPort ?? 8899, host);
  const wsPort = await listen(
    wsHttp,
    o.wsPort ?? (o.rpcPort === undefined ? 8900 : o.rpcPort === 0 ? 0 : o.rpcPort + 1),
    host,
  );
  const pubsub = new PubSub(chain, wsHttp);

  const slotMs = o.slotMs ?? 400;
  let lastPersist = Date.now();
  const timer = setInterval(() => {
    try {
      chain.produceBlock();
      if (chain.dirty && Date.now() - lastPersist >= 1000) {
        persist();
        lastPersist = Date.now();
      }
    } catch (e) {
      // A failing listener or a full disk must not stop block production.
      console.error('localnet: block production:', e);
    }
  }, slotMs);

  let closed = false;
  return {
    rpcUrl: `http://${host}:${rpcPort}`,
    wsUrl: `ws://${host}:${wsPort}`,
    rpcPort,
    wsPort,
    programId,
    chain,
    startMs: performance.now() - t0,
    persist,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await pubsub.close();
      http.closeAllConnections();
      wsHttp.closeAllConnections();
      await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => wsHttp.close(r))]);
      persist();
    },
  };
}
