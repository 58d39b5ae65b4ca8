// Test helpers: a localnet on free ports, raw JSON-RPC calls, funded signers.
import {
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  generateKeyPairSigner,
  type KeyPairSigner,
  lamports,
} from '@solana/kit';
import { type Localnet, type LocalnetOptions, startLocalnet } from '../src/index.js';

export const SOL = 1_000_000_000n;

/** A localnet on free ports with short slots, so tests run quickly. */
export function startTestnet(o: LocalnetOptions = {}): Promise<Localnet> {
  return startLocalnet({ rpcPort: 0, wsPort: 0, slotMs: 100, finalityDepth: 1, ...o });
}

export function kitClients(net: Localnet) {
  return { rpc: createSolanaRpc(net.rpcUrl), rpcSubscriptions: createSolanaRpcSubscriptions(net.wsUrl) };
}

/** One JSON-RPC call over HTTP; returns the parsed response body (result or error). */
export async function rawCall(net: Localnet, method: string, params?: unknown[]): Promise<Record<string, unknown>> {
  const res = await fetch(net.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body: unknown = await res.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON-RPC response');
  return body as Record<string, unknown>;
}

/** The `result` of a call; throws with the error otherwise. */
export async function rawResult(net: Localnet, method: string, params?: unknown[]): Promise<unknown> {
  const body = await rawCall(net, method, params);
  if ('error' in body) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** A new keypair funded through requestAirdrop, confirmed. */
export async function fundedSigner(net: Localnet, amount = 100n * SOL): Promise<KeyPairSigner> {
  const signer = await generateKeyPairSigner();
  const { rpc } = kitClients(net);
  const sig = await rpc.requestAirdrop(signer.address, lamports(amount)).send();
  await waitFor(async () => {
    const { value } = await rpc.getSignatureStatuses([sig]).send();
    return value[0]?.confirmationStatus === 'confirmed' || value[0]?.confirmationStatus === 'finalized';
  });
  return signer;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out');
}
