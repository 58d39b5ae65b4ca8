// The fuzz world: a deterministic marketplace (every key, mint and nonce
// comes from the run's PRNG), its wallets and currencies, and the registry
// of every account the run has seen, for the global conservation checks.
import {
  Capability,
  findAssociatedTokenAddress,
  initializeConfigInstruction,
  registerOracleInstruction,
  setTrustedMintInstruction,
  TOKEN_2022_PROGRAM_ADDRESS,
  TOKEN_PROGRAM_ADDRESS,
} from '@modelmint/sdk';
import {
  type Address,
  createKeyPairSignerFromPrivateKeyBytes,
  type Instruction,
  type KeyPairSigner,
  lamports,
} from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintToInstruction,
} from '@solana-program/token';
import { Clock, type LiteSVM } from 'litesvm';
import { createSvm } from '../fixtures/svm.js';
import { LedgerSender, snapshot } from './ledger-sender.js';
import type { Prng } from './prng.js';

/** How a model is paid. */
export type CurrencyKind = 'sol' | 'spl' | 't22';

export interface Currency {
  kind: CurrencyKind;
  /** Undefined for SOL. */
  mint?: Address;
  tokenProgram?: Address;
  decimals: number;
  /** Has a freeze authority: models may use it only while the config trusts it. */
  freezable?: boolean;
}

export interface Wallet {
  name: string;
  signer: KeyPairSigner;
}

export interface OracleKeys {
  name: string;
  authority: KeyPairSigner;
  attestation: KeyPairSigner;
  capabilities: number;
}

/** Dispute window and timeouts the fuzz config uses (the program's defaults). */
export const WINDOW = 86_400n;
export const INFERENCE_TIMEOUT = 600n;
export const TRAINING_TIMEOUT = 86_400n;
/** Start of the fuzz clock. */
export const START_TIME = 1_750_000_000n;
/** Lamports and token units every wallet starts with. */
export const WALLET_SOL = 10_000n * 1_000_000_000n;
export const WALLET_TOKENS = 1_000_000_000_000_000n;

export interface World {
  svm: LiteSVM;
  rng: Prng;
  sender: LedgerSender;
  admin: KeyPairSigner;
  treasury: KeyPairSigner;
  arbiter: KeyPairSigner;
  oracles: OracleKeys[];
  wallets: Wallet[];
  currencies: Currency[];
  /** Every account any transaction has named. */
  registry: Set<Address>;
  /** Lamports the registry should hold now: initial sum, plus accounts joining, minus fees. */
  expectedLamports: bigint;
}

/** A signer from 32 PRNG bytes. */
export function keypair(rng: Prng): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(rng.bytes(32));
}

/** A mint whose freeze authority is the admin when `freezable` (then trusted by the config, like USDC). */
async function createMint(w: World, tokenProgram: Address, decimals: number, freezable: boolean): Promise<Address> {
  const mint = await keypair(w.rng);
  const space = 82n;
  await w.sender.send(
    [
      getCreateAccountInstruction({
        payer: w.admin,
        newAccount: mint,
        lamports: w.svm.minimumBalanceForRentExemption(space),
        space,
        programAddress: tokenProgram,
      }),
      getInitializeMint2Instruction(
        {
          mint: mint.address,
          decimals,
          mintAuthority: w.admin.address,
          freezeAuthority: freezable ? w.admin.address : null,
        },
        { programAddress: tokenProgram },
      ),
      ...(freezable ? [await setTrustedMintInstruction({ admin: w.admin, mint: mint.address, trusted: true })] : []),
    ],
    w.admin,
  );
  return mint.address;
}

/** The wallet's associated token account for `c` (SPL currencies only). */
export function ataFor(owner: Address, c: Currency): Promise<Address> {
  if (!c.mint || !c.tokenProgram) throw new Error('SOL has no token account');
  return findAssociatedTokenAddress({ wallet: owner, mint: c.mint, tokenProgram: c.tokenProgram });
}

/**
 * Builds the world: config, two oracles, a classic SPL currency (with a freeze authority, trusted
 * by the admin) and a Token-2022 6-decimal currency, funded wallets.
 */
export async function createWorld(rng: Prng, walletCount = 7): Promise<World> {
  const svm = createSvm();
  const c = svm.getClock();
  svm.setClock(new Clock(c.slot, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, START_TIME));
  const registry = new Set<Address>();
  const w: World = {
    svm,
    rng,
    sender: new LedgerSender(svm, () => {}),
    admin: await keypair(rng),
    treasury: await keypair(rng),
    arbiter: await keypair(rng),
    oracles: [],
    wallets: [],
    currencies: [{ kind: 'sol', decimals: 9 }],
    registry,
    expectedLamports: 0n,
  };
  for (const s of [w.admin, w.treasury, w.arbiter]) svm.airdrop(s.address, lamports(WALLET_SOL));
  for (const [name, capabilities] of [
    ['oracle-a', Capability.Infer | Capability.Train],
    ['oracle-b', Capability.Infer],
  ] as const) {
    const o = { name, authority: await keypair(rng), attestation: await keypair(rng), capabilities };
    svm.airdrop(o.authority.address, lamports(WALLET_SOL));
    w.oracles.push(o);
  }
  for (let i = 0; i < walletCount; i++) {
    const signer = await keypair(rng);
    svm.airdrop(signer.address, lamports(WALLET_SOL));
    w.wallets.push({ name: `w${i}`, signer });
  }

  await w.sender.send(
    [
      await initializeConfigInstruction({
        admin: w.admin,
        treasury: w.treasury.address,
        arbiter: w.arbiter.address,
        disputeWindowSecs: WINDOW,
        inferenceTimeoutSecs: INFERENCE_TIMEOUT,
        trainingTimeoutSecs: TRAINING_TIMEOUT,
      }),
      ...(await Promise.all(
        w.oracles.map((o) =>
          registerOracleInstruction({
            admin: w.admin,
            authority: o.authority.address,
            attestationKey: o.attestation.address,
            capabilities: o.capabilities,
          }),
        ),
      )),
    ],
    w.admin,
  );

  for (const [kind, tokenProgram] of [
    ['spl', TOKEN_PROGRAM_ADDRESS],
    ['t22', TOKEN_2022_PROGRAM_ADDRESS],
  ] as const) {
    const freezable = kind === 'spl';
    const created = await createMint(w, tokenProgram, 6, freezable);
    const currency: Currency = { kind, mint: created, tokenProgram, decimals: 6, freezable };
    w.currencies.push(currency);
    const mint = currency.mint as Address;
    const holders = [w.treasury.address, ...w.oracles.map((o) => o.authority.address)];
    const funded = w.wallets.map((x) => x.signer.address);
    for (const owner of [...holders, ...funded]) {
      const ata = await ataFor(owner, currency);
      const ixs: Instruction[] = [
        getCreateAssociatedTokenIdempotentInstruction({ payer: w.admin, ata, owner, mint, tokenProgram }),
      ];
      if (funded.includes(owner)) {
        ixs.push(
          getMintToInstruction(
            { mint, token: ata, mintAuthority: w.admin, amount: WALLET_TOKENS },
            { programAddress: tokenProgram },
          ),
        );
      }
      await w.sender.send(ixs, w.admin);
    }
  }
  // From here on every transaction's accounts join the registry.
  const seed = new Set<Address>([
    w.admin.address,
    w.treasury.address,
    w.arbiter.address,
    ...w.oracles.map((o) => o.authority.address),
    ...w.wallets.map((x) => x.signer.address),
  ]);
  for (const currency of w.currencies) {
    if (!currency.mint) continue;
    seed.add(currency.mint);
    for (const owner of [
      w.treasury.address,
      ...w.oracles.map((o) => o.authority.address),
      ...w.wallets.map((x) => x.signer.address),
    ]) {
      seed.add(await ataFor(owner, currency));
    }
  }
  join(w, seed);
  w.sender = new LedgerSender(svm, (keys) => join(w, keys));
  return w;
}

/** Adds accounts to the registry; their current lamports join the expected total. */
export function join(w: World, keys: Iterable<Address>): void {
  const fresh: Address[] = [];
  for (const k of keys) {
    if (!w.registry.has(k)) {
      w.registry.add(k);
      fresh.push(k);
    }
  }
  if (fresh.length === 0) return;
  for (const k of fresh) w.expectedLamports += w.svm.getBalance(k) ?? 0n;
}

/** Lamports summed over the registry. */
export function registryLamports(w: World): bigint {
  let n = 0n;
  for (const k of w.registry) n += w.svm.getBalance(k) ?? 0n;
  return n;
}

/** Token amounts summed by mint over the registry, and every registered mint's supply. */
export function registryTokens(w: World): { sums: Map<Address, bigint>; supplies: Map<Address, bigint> } {
  const s = snapshot(w.svm, w.registry);
  const sums = new Map<Address, bigint>();
  for (const t of s.tokens.values()) sums.set(t.mint, (sums.get(t.mint) ?? 0n) + t.amount);
  return { sums, supplies: s.supplies };
}

/** Moves the clock forward. */
export function warp(w: World, seconds: bigint): void {
  const c = w.svm.getClock();
  w.svm.setClock(
    new Clock(c.slot + 1n, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, c.unixTimestamp + seconds),
  );
}

/** The clock's unix time. */
export function now(w: World): bigint {
  return w.svm.getClock().unixTimestamp;
}
