// Example: a creator lists a model and a consumer pays for one generation.
// It runs against any TransactionSender: `createRpcSender` for a cluster, or
// the LiteSVM sender the tests use (tests/sdk/example.test.ts runs this file).
import { type Address, generateKeyPairSigner, type TransactionSigner } from '@solana/kit';
import {
  Category,
  cidToString,
  createModel,
  fetchJobAccount,
  JobStatus,
  parseEvents,
  rawCid,
  requestGeneration,
  type TransactionSender,
} from '../src/index.js';

export async function listModel(sender: TransactionSender, creator: TransactionSigner): Promise<Address> {
  const card = new TextEncoder().encode(JSON.stringify({ name: 'Tiny Captioner', tags: ['caption'] }));
  const { model, signature } = await createModel(sender, {
    creator,
    assetMint: await generateKeyPairSigner(),
    category: Category.Caption,
    pricePerUse: 1_000_000n, // lamports: 0.001 SOL per generation
    cardCid: await rawCid(card),
    name: 'Tiny Captioner',
    symbol: 'TCAP',
    uri: 'ipfs://card',
  });
  console.log(`model ${model} minted in ${signature}`);
  return model;
}

export async function payForGeneration(
  sender: TransactionSender,
  consumer: TransactionSigner,
  model: Address,
): Promise<Address> {
  const inputCid = await rawCid(new TextEncoder().encode('a photo of a cat'));
  // The price is read from the model and passed as max_price: if the
  // creator raises it before this lands, the program refuses (PriceChanged).
  const { job, logs } = await requestGeneration(sender, { user: consumer, model, inputCid });
  const [event] = parseEvents(logs);
  console.log(`job ${job}: ${event?.name}, input ${cidToString(inputCid)}`);
  const state = await fetchJobAccount(sender, job);
  if (state.status !== JobStatus.Open) throw new Error('expected an open job');
  return job;
}
