// Sets up the marketplace over RPC with the SDK: config, one oracle, one model.
import { createHash } from 'node:crypto';
import {
  Capability,
  Category,
  createModel,
  createRpcSender,
  initializeConfigInstruction,
  rawCid,
  registerOracleInstruction,
  type TransactionSender,
  Visibility,
} from '@modelmint/sdk';
import { type Address, generateKeyPairSigner, type KeyPairSigner } from '@solana/kit';
import type { Localnet } from '../src/index.js';
import { fundedSigner, kitClients, SOL } from './helpers.js';

export interface OnChainMarketplace {
  sender: TransactionSender;
  admin: KeyPairSigner;
  creator: KeyPairSigner;
  authority: KeyPairSigner;
  attestation: KeyPairSigner;
  treasury: KeyPairSigner;
  model: Address;
  assetMint: Address;
  configSignature: string;
  modelSignature: string;
}

/** First 8 bytes of sha256("account:<Name>"), Anchor's account discriminator. */
export function accountDiscriminator(name: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`account:${name}`).digest().subarray(0, 8));
}

export async function setupOnChain(net: Localnet): Promise<OnChainMarketplace> {
  const sender = createRpcSender(kitClients(net));
  const [admin, treasury, arbiter, authority, creator] = await Promise.all([
    fundedSigner(net),
    fundedSigner(net, SOL),
    fundedSigner(net, SOL),
    fundedSigner(net),
    fundedSigner(net),
  ]);
  const attestation = await generateKeyPairSigner();
  const config = await sender.send(
    [
      await initializeConfigInstruction({ admin, treasury: treasury.address, arbiter: arbiter.address }),
      await registerOracleInstruction({
        admin,
        authority: authority.address,
        attestationKey: attestation.address,
        capabilities: Capability.Infer | Capability.Train,
      }),
    ],
    admin,
  );
  const created = await createModel(sender, {
    creator,
    category: Category.Caption,
    visibility: Visibility.Public,
    pricePerUse: 1_000_000n,
    subscriptionPrice: 0n,
    passSize: 0,
    passPrice: 0n,
    cardCid: await rawCid(new TextEncoder().encode('card')),
    name: 'Tiny Captioner',
    symbol: 'MMCAP',
    uri: 'ipfs://card',
  });
  return {
    sender,
    admin,
    creator,
    authority,
    attestation,
    treasury,
    model: created.model,
    assetMint: created.assetMint,
    configSignature: config.signature,
    modelSignature: created.signature,
  };
}
