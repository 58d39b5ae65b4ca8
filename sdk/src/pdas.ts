import { type Address, getProgramDerivedAddress, type ProgramDerivedAddress } from '@solana/kit';
import { PROGRAM_ADDRESS } from './constants.js';

/** Seed prefixes of the program's PDAs (programs/modelmint/src/seeds.rs). */
export const SEEDS = {
  config: 'config',
} as const;

const utf8 = new TextEncoder();

/** Options shared by every PDA helper. */
export interface PdaOptions {
  /** Program to derive under; defaults to {@link PROGRAM_ADDRESS}. */
  programAddress?: Address;
}

/**
 * The `Config` PDA, `["config"]`.
 * @returns the address and its canonical bump.
 */
export function findConfigAddress({
  programAddress = PROGRAM_ADDRESS,
}: PdaOptions = {}): Promise<ProgramDerivedAddress> {
  return getProgramDerivedAddress({ programAddress, seeds: [utf8.encode(SEEDS.config)] });
}
