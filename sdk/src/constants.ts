import type { Address } from '@solana/kit';
import { MODELMINT_PROGRAM_ADDRESS } from './generated/programs/modelmint.js';

/** The program's default address, used wherever a `programAddress` is omitted. */
export const PROGRAM_ADDRESS: Address = MODELMINT_PROGRAM_ADDRESS;

/** Basis points in 100%. */
export const BPS_DENOMINATOR = 10_000;
/** Platform fee the program is initialised with unless told otherwise: 10%. */
export const DEFAULT_FEE_BPS = 1_000;
/** Highest platform fee the program accepts: 20%. */
export const MAX_FEE_BPS = 2_000;
/** Default dispute window after delivery, in seconds (one day). */
export const DEFAULT_DISPUTE_WINDOW_SECS = 86_400n;
/** Default inference deadline after a request, in seconds (ten minutes). */
export const DEFAULT_INFERENCE_TIMEOUT_SECS = 600n;
/** Default training deadline after a request, in seconds (one day). */
export const DEFAULT_TRAINING_TIMEOUT_SECS = 86_400n;
