// What every command gets: the cluster (RPC, subscriptions, SDK sender), the
// signer from --keypair (loaded on first use), the program address, the
// content store and the output.
import {
  type Address,
  type Commitment,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  type KeyPairSigner,
  type Rpc,
  type RpcSubscriptions,
  type SolanaRpcApi,
  type SolanaRpcSubscriptionsApi,
} from '@solana/kit';
import { createRpcSender, type TransactionSender } from '../sender.js';
import type { Values } from './args.js';
import { usageError } from './errors.js';
import { type ContentStore, openEmbedded, openKubo } from './ipfs.js';
import { defaultKeypairPath, loadKeypair } from './keys.js';
import type { Output } from './output.js';
import { parseAddress } from './units.js';

export const DEFAULT_URL = 'http://127.0.0.1:8899';

/** The websocket URL of an RPC URL, as the Solana CLI derives it (port + 1 when one is given). */
export function wsUrlFor(url: string): string {
  const u = new URL(url);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  if (u.port) u.port = String(Number(u.port) + 1);
  return u.toString().replace(/\/$/, '');
}

/** True for loopback endpoints (airdrops, dev methods). */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

export class Context {
  readonly url: string;
  readonly wsUrl: string;
  readonly commitment: Commitment;
  readonly programAddress: Address | undefined;
  readonly rpc: Rpc<SolanaRpcApi>;
  readonly rpcSubscriptions: RpcSubscriptions<SolanaRpcSubscriptionsApi>;
  readonly sender: TransactionSender;
  private signerPromise: Promise<KeyPairSigner> | undefined;
  private storePromise: Promise<ContentStore | undefined> | undefined;

  constructor(
    readonly values: Values,
    readonly out: Output,
  ) {
    this.url = values.str('url') ?? process.env.MODELMINT_URL ?? DEFAULT_URL;
    try {
      this.wsUrl = values.str('ws') ?? wsUrlFor(this.url);
    } catch {
      throw usageError(`--url: "${this.url}" is not a URL`);
    }
    const c = values.str('commitment') ?? 'confirmed';
    if (c !== 'processed' && c !== 'confirmed' && c !== 'finalized') {
      throw usageError('--commitment must be processed, confirmed or finalized');
    }
    this.commitment = c;
    const program = values.str('program');
    this.programAddress = program ? parseAddress(program, '--program') : undefined;
    this.rpc = createSolanaRpc(this.url);
    this.rpcSubscriptions = createSolanaRpcSubscriptions(this.wsUrl);
    this.sender = createRpcSender({
      rpc: this.rpc,
      rpcSubscriptions: this.rpcSubscriptions,
      commitment: this.commitment,
    });
  }

  /** Path of the keypair file in use. */
  get keypairPath(): string {
    return this.values.str('keypair') ?? process.env.MODELMINT_KEYPAIR ?? defaultKeypairPath();
  }

  /** The wallet that signs and pays. */
  signer(): Promise<KeyPairSigner> {
    this.signerPromise ??= loadKeypair(this.keypairPath);
    return this.signerPromise;
  }

  /** `{ programAddress }` for the SDK's actions. */
  get programOptions(): { programAddress?: Address } {
    return this.programAddress ? { programAddress: this.programAddress } : {};
  }

  /** The content store from --kubo-url or --ipfs-dir (or their MODELMINT_* env); undefined when none. */
  store(): Promise<ContentStore | undefined> {
    this.storePromise ??= (async () => {
      const kubo = this.values.str('kubo-url') ?? process.env.MODELMINT_KUBO_URL;
      if (kubo) return openKubo(kubo);
      const dir = this.values.str('ipfs-dir') ?? process.env.MODELMINT_IPFS_DIR;
      if (dir) return openEmbedded(dir);
      return undefined;
    })();
    return this.storePromise;
  }

  async close(): Promise<void> {
    const store = await this.storePromise?.catch(() => undefined);
    await store?.close();
  }
}
