// The faucet behind `requestAirdrop`: a keypair funded at genesis that sends
// real System transfers, so airdrops have signatures, statuses and history.
import {
  AccountRole,
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createKeyPairSignerFromPrivateKeyBytes,
  createTransactionMessage,
  getTransactionEncoder,
  type KeyPairSigner,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import type { LiteSVM } from 'litesvm';

/** Lamports the faucet starts with: 500 million SOL. */
export const FAUCET_LAMPORTS = 500_000_000n * 1_000_000_000n;
const SYSTEM_PROGRAM = '11111111111111111111111111111111' as Address;
// LiteSVM ships SPL Memo v1 (v3 is not built in).
const MEMO_PROGRAM = 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo' as Address;

export class Faucet {
  private counter = 0;
  private constructor(readonly signer: KeyPairSigner) {}

  static async create(seed: Uint8Array): Promise<Faucet> {
    return new Faucet(await createKeyPairSignerFromPrivateKeyBytes(seed));
  }

  /** Funds the faucet account when it does not exist (a fresh ledger). */
  fund(svm: LiteSVM): void {
    if (svm.getAccount(this.signer.address).exists) return;
    svm.setAccount({
      address: this.signer.address,
      lamports: lamports(FAUCET_LAMPORTS),
      programAddress: SYSTEM_PROGRAM,
      executable: false,
      data: new Uint8Array(),
      space: 0n,
    });
  }

  /** A signed wire transaction moving `lamports` to `to`. */
  async transfer(to: Address, lamports: bigint, blockhash: string, lastValidBlockHeight: bigint): Promise<Uint8Array> {
    const data = new Uint8Array(12);
    const view = new DataView(data.buffer);
    view.setUint32(0, 2, true);
    view.setBigUint64(4, lamports, true);
    const transfer = {
      programAddress: SYSTEM_PROGRAM,
      accounts: [
        { address: this.signer.address, role: AccountRole.WRITABLE_SIGNER as const, signer: this.signer },
        { address: to, role: AccountRole.WRITABLE as const },
      ],
      data,
    };
    // A memo with a counter keeps two equal airdrops in one slot from sharing a signature.
    const memo = { programAddress: MEMO_PROGRAM, data: new TextEncoder().encode(`airdrop ${++this.counter}`) };
    const message = pipe(
      createTransactionMessage({ version: 'legacy' }),
      (m) => setTransactionMessageFeePayerSigner(this.signer, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash({ blockhash: blockhash as Blockhash, lastValidBlockHeight }, m),
      (m) => appendTransactionMessageInstructions([transfer, memo], m),
    );
    const tx = await signTransactionMessageWithSigners(message);
    return Uint8Array.from(getTransactionEncoder().encode(tx));
  }
}
