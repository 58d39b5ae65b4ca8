// Fast account reads straight from LiteSVM's native binding. The public
// wrapper converts every address with kit's codec (~40 µs a call), which
// dominated getAccountInfo; here keys are decoded once and cached.
import type { LiteSVM } from 'litesvm';
import type { LiteSvm as NativeSvm } from 'litesvm/dist/internal';
import { decodeBase58, encodeBase58 } from './base58.js';

export interface RawAccount {
  lamports: bigint;
  data: Uint8Array;
  owner: string;
  executable: boolean;
}

const MAX_CACHED = 50_000;

export class Bank {
  private readonly native: NativeSvm;
  private readonly keys = new Map<string, Uint8Array>();
  private readonly names = new Map<string, string>();

  constructor(readonly svm: LiteSVM) {
    this.native = (svm as unknown as { inner: NativeSvm }).inner;
  }

  /** The 32 bytes of a base58 address (cached). */
  key(address: string): Uint8Array {
    let k = this.keys.get(address);
    if (!k) {
      if (this.keys.size >= MAX_CACHED) this.keys.clear();
      k = decodeBase58(address);
      this.keys.set(address, k);
    }
    return k;
  }

  /** The base58 name of 32 key bytes (cached by their hex, for owners and program ids). */
  private name(bytes: Uint8Array): string {
    const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let n = this.names.get(hex);
    if (!n) {
      if (this.names.size >= MAX_CACHED) this.names.clear();
      n = encodeBase58(bytes);
      this.names.set(hex, n);
    }
    return n;
  }

  account(address: string): RawAccount | null {
    const a = this.native.getAccount(this.key(address));
    if (!a) return null;
    return { lamports: a.lamports(), data: a.data(), owner: this.name(a.owner()), executable: a.executable() };
  }

  balance(address: string): bigint {
    return this.native.getBalance(this.key(address)) ?? 0n;
  }

  /** Accounts owned by `program`, with their addresses. */
  programAccounts(program: string): { address: string; account: RawAccount }[] {
    return this.native.getProgramAccounts(this.key(program)).map((entry) => {
      const a = entry.account();
      return {
        address: encodeBase58(entry.address),
        account: { lamports: a.lamports(), data: a.data(), owner: program, executable: a.executable() },
      };
    });
  }
}
