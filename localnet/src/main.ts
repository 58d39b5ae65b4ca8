#!/usr/bin/env tsx
// modelmint-localnet: a local Solana RPC endpoint (LiteSVM) with the modelmint program.
import { parseArgs } from 'node:util';
import { startLocalnet } from './server.js';

const USAGE = `Usage: tsx localnet/src/main.ts [options]
  --rpc-port <n>        JSON-RPC port (default 8899)
  --ws-port <n>         websocket port (default rpc-port + 1)
  --bind-address <ip>   address to listen on (default 127.0.0.1)
  --state-file <path>   persist the ledger here and resume from it (default: in memory)
  --program <path>      the program .so (default target/deploy/modelmint.so)
  --program-id <addr>   its address (default idl/modelmint.json's)
  --bpf-program <addr> <path>  load another program (repeatable, as addr=path)
  --slot-ms <n>         milliseconds per slot (default 400)
  --finality-depth <n>  blocks from confirmed to finalized (default 2)
  --ledger-reset        start from a fresh ledger, discarding the state file
  -h, --help`;

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'rpc-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'bind-address': { type: 'string' },
      'state-file': { type: 'string' },
      program: { type: 'string' },
      'program-id': { type: 'string' },
      'bpf-program': { type: 'string', multiple: true },
      'slot-ms': { type: 'string' },
      'finality-depth': { type: 'string' },
      'ledger-reset': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const programs = (values['bpf-program'] ?? []).map((spec) => {
    const [address, path] = spec.split('=');
    if (!address || !path) throw new Error('--bpf-program takes <address>=<path.so>');
    return { address, path };
  });
  const net = await startLocalnet({
    rpcPort: int(values['rpc-port'], 'rpc-port') ?? 8899,
    wsPort: int(values['ws-port'], 'ws-port'),
    host: values['bind-address'],
    stateFile: values['state-file'],
    programPath: values.program,
    programId: values['program-id'],
    programs,
    slotMs: int(values['slot-ms'], 'slot-ms'),
    finalityDepth: int(values['finality-depth'], 'finality-depth'),
    reset: values['ledger-reset'] ?? false,
  });
  console.log(`modelmint localnet (LiteSVM) started in ${net.startMs.toFixed(0)} ms`);
  console.log(`JSON RPC URL: ${net.rpcUrl}`);
  console.log(`WebSocket PubSub URL: ${net.wsUrl}`);
  console.log(`Program: ${net.programId}`);
  console.log(`Genesis hash: ${net.chain.genesisHash}`);
  console.log(
    values['state-file'] ? `State file: ${values['state-file']}` : 'State: in memory (use --state-file to keep it)',
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping at slot ${net.chain.currentSlot}`);
    net.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
