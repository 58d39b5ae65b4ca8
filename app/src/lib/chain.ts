// The cluster, from the runtime config: RPC, websocket and the SDK's sender
// (one for every signer: the fee payer is given per transaction).
import { createRpcSender, fetchConfigAccount, type TransactionSender } from '@modelmint/sdk';
import { type Address, createSolanaRpc, createSolanaRpcSubscriptions } from '@solana/kit';
import { config } from '../config.js';

export interface Chain {
  rpc: ReturnType<typeof createSolanaRpc>;
  sender: TransactionSender;
  /** The program address option for the SDK's actions. */
  programAddress: Address | undefined;
}

let chain: Chain | undefined;

export function getChain(): Chain {
  if (!chain) {
    const c = config();
    const rpc = createSolanaRpc(c.rpcUrl);
    const rpcSubscriptions = createSolanaRpcSubscriptions(c.wsUrl);
    chain = {
      rpc,
      sender: createRpcSender({ rpc, rpcSubscriptions }),
      programAddress: (c.programAddress ?? undefined) as Address | undefined,
    };
  }
  return chain;
}

/** The program's config account (fee, dispute window, timeouts, arbiter). */
export async function fetchProgramConfig() {
  const c = getChain();
  return fetchConfigAccount(c.sender, { programAddress: c.programAddress });
}

/** The cluster's clock (unix seconds): the local chain's clock can be moved, so never the browser's. */
export async function chainTime(): Promise<number> {
  return Number(await getChain().sender.getUnixTime());
}

/** Lamports of an account (0 when it does not exist). */
export async function balanceOf(address: Address): Promise<bigint> {
  const { value } = await getChain().rpc.getBalance(address, { commitment: 'confirmed' }).send();
  return value;
}

/** Development method of the local chain: moves its clock forward. */
export async function advanceLocalClock(seconds: number): Promise<void> {
  const res = await fetch(config().rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'modelmint_advanceClock', params: [{ seconds }] }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`modelmint_advanceClock: ${body.error.message}`);
}
