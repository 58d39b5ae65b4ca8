import type { AccountSource, ProgramAccount } from '../reconcile.js';
import type { RpcClient } from './rpc.js';

type Encoded = { data: [string, string]; owner: string } | null;

/**
 * Reconciliation's view of the chain over RPC: getProgramAccounts, and getMultipleAccounts by
 * address (null for an address that holds no account of the program: closed, or never created).
 */
export function rpcAccounts(rpc: RpcClient, programId: string, commitment = 'confirmed') {
  const source: AccountSource & { accounts(addresses: string[]): Promise<(ProgramAccount | null)[]> } = {
    async programAccounts() {
      const list = await rpc.call<{ pubkey: string; account: { data: [string, string] } }[]>('getProgramAccounts', [
        programId,
        { encoding: 'base64', commitment },
      ]);
      return list.map((a) => ({ address: a.pubkey, data: new Uint8Array(Buffer.from(a.account.data[0], 'base64')) }));
    },
    async accounts(addresses) {
      const out: (ProgramAccount | null)[] = [];
      for (let i = 0; i < addresses.length; i += 100) {
        const part = addresses.slice(i, i + 100);
        const res = await rpc.call<{ value: Encoded[] }>('getMultipleAccounts', [
          part,
          { encoding: 'base64', commitment },
        ]);
        for (const [k, a] of res.value.entries()) {
          out.push(
            a && a.owner === programId
              ? { address: part[k] as string, data: new Uint8Array(Buffer.from(a.data[0], 'base64')) }
              : null,
          );
        }
      }
      return out;
    },
  };
  return source;
}
