// The local development wallet: the demo keys of `make start`, offered to a
// newcomer without a browser wallet. It exists only when the app server runs
// against the local chain (scripts/local-stack passes the keys; nothing else
// does). The secret keys stay in this process; the browser sends transactions
// here to be signed, and only for the demo addresses.
import {
  getBase64Decoder,
  getBase64Encoder,
  getTransactionDecoder,
  getTransactionEncoder,
  type KeyPairSigner,
  partiallySignTransaction,
} from '@solana/kit';
import { Hono } from 'hono';

export interface DevAccount {
  /** What the demo key is for: creator, consumer, admin (the arbiter)... */
  role: string;
  signer: KeyPairSigner;
}

/** Signs a wire transaction with the demo key of `address`. */
export async function signWithDevKey(accounts: DevAccount[], address: string, wire: Uint8Array): Promise<Uint8Array> {
  const account = accounts.find((a) => a.signer.address === address);
  if (!account) throw new RangeError(`${address} is not a development wallet account`);
  const tx = getTransactionDecoder().decode(wire);
  if (!(address in tx.signatures)) throw new RangeError(`the transaction does not need ${address}'s signature`);
  const signed = await partiallySignTransaction([account.signer.keyPair], tx);
  return new Uint8Array(getTransactionEncoder().encode(signed));
}

export function devWalletRoutes(accounts: DevAccount[]) {
  return new Hono()
    .get('/dev-wallet/accounts', (c) =>
      c.json({ accounts: accounts.map((a) => ({ role: a.role, address: a.signer.address })) }),
    )
    .post('/dev-wallet/sign', async (c) => {
      const body = (await c.req.json().catch(() => null)) as { address?: unknown; transaction?: unknown } | null;
      if (!body || typeof body.address !== 'string' || typeof body.transaction !== 'string') {
        return c.json({ error: 'expected {"address": string, "transaction": base64}' }, 400);
      }
      try {
        const wire = new Uint8Array(getBase64Encoder().encode(body.transaction));
        const signed = await signWithDevKey(accounts, body.address, wire);
        return c.json({ signedTransaction: getBase64Decoder().decode(signed) });
      } catch (e) {
        return c.json({ error: (e as Error).message }, 400);
      }
    });
}
