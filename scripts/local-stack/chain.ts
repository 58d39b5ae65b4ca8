// Chain set-up of the local stack over JSON-RPC: funded demo wallets, the
// config (admin, treasury, arbiter) and the registered oracle. Idempotent.
import {
  Capability,
  createRpcSender,
  findConfigAddress,
  findFeeVaultAddress,
  findOracleAddress,
  initializeConfigInstruction,
  registerOracleInstruction,
  type TransactionSender,
} from '@modelmint/sdk';
import {
  type Address,
  airdropFactory,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  type KeyPairSigner,
  lamports,
} from '@solana/kit';

export const SOL = 1_000_000_000n;

export interface Chain {
  rpcUrl: string;
  wsUrl: string;
  sender: TransactionSender;
  rpc: ReturnType<typeof createSolanaRpc>;
  exists(address: Address): Promise<boolean>;
  airdrop(to: Address, amount: bigint): Promise<void>;
  /** Development method of the local chain: moves the clock forward. */
  advanceClock(seconds: number): Promise<void>;
}

export function connect(rpcUrl: string, wsUrl: string): Chain {
  const rpc = createSolanaRpc(rpcUrl);
  const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
  const airdrop = airdropFactory({ rpc, rpcSubscriptions });
  return {
    rpcUrl,
    wsUrl,
    rpc,
    sender: createRpcSender({ rpc, rpcSubscriptions }),
    async exists(address) {
      const { value } = await rpc.getAccountInfo(address, { encoding: 'base64' }).send();
      return value !== null;
    },
    async airdrop(to, amount) {
      await airdrop({ recipientAddress: to, lamports: lamports(amount), commitment: 'confirmed' });
    },
    async advanceClock(seconds) {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'modelmint_advanceClock', params: [{ seconds }] }),
      });
      const body = (await res.json()) as { error?: { message: string } };
      if (body.error) throw new Error(`modelmint_advanceClock: ${body.error.message}`);
    },
  };
}

/** Tops every wallet up to at least `min` lamports. */
export async function fund(chain: Chain, wallets: Address[], min = 50n * SOL): Promise<void> {
  for (const w of wallets) {
    const { value } = await chain.rpc.getBalance(w).send();
    if (value < min) await chain.airdrop(w, min - value + SOL);
  }
}

/** Initialises the config and registers the oracle unless already done. */
export async function configure(
  chain: Chain,
  p: { admin: KeyPairSigner; treasury: Address; oracle: Address; attestation: Address },
): Promise<void> {
  const [config] = await findConfigAddress();
  if (!(await chain.exists(config))) {
    await chain.sender.send(
      [await initializeConfigInstruction({ admin: p.admin, treasury: p.treasury, arbiter: p.admin.address })],
      p.admin,
    );
  } else if (!(await chain.exists((await findFeeVaultAddress())[0]))) {
    // initialize_config creates the fee vault; a chain saved by an older program has none.
    throw new Error(
      'the saved local chain predates the fee vault (SOL fees accrue there): remove .modelmint/ and start again',
    );
  }
  const [oracle] = await findOracleAddress({ authority: p.oracle });
  if (!(await chain.exists(oracle))) {
    await chain.sender.send(
      [
        await registerOracleInstruction({
          admin: p.admin,
          authority: p.oracle,
          attestationKey: p.attestation,
          capabilities: Capability.Infer | Capability.Train,
        }),
      ],
      p.admin,
    );
  }
}
