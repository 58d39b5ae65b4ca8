// SPL Token / Token-2022 account and mint decoding: token balances and `jsonParsed`.
import { toBase58 } from './encoding.js';
import type { JsonObject } from './json.js';

export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
export const TOKEN_2022_PROGRAM = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const NATIVE_MINT = 'So11111111111111111111111111111111111111112';

export function isTokenProgram(owner: string): boolean {
  return owner === TOKEN_PROGRAM || owner === TOKEN_2022_PROGRAM;
}

export interface TokenAccount {
  mint: string;
  owner: string;
  amount: bigint;
  delegate: string | null;
  state: number;
  isNative: bigint | null;
  delegatedAmount: bigint;
  closeAuthority: string | null;
}

export interface Mint {
  mintAuthority: string | null;
  supply: bigint;
  decimals: number;
  isInitialized: boolean;
  freezeAuthority: string | null;
}

function u64(data: Uint8Array, offset: number): bigint {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(offset, true);
}

function optionKey(data: Uint8Array, offset: number): string | null {
  return data[offset] === 1 ? toBase58(data.subarray(offset + 4, offset + 36)) : null;
}

/** A token account of either token program, or undefined. */
export function decodeTokenAccount(owner: string, data: Uint8Array): TokenAccount | undefined {
  if (!isTokenProgram(owner)) return undefined;
  if (data.length !== 165 && !(data.length > 165 && data[165] === 2)) return undefined;
  const state = data[108] ?? 0;
  if (state === 0) return undefined;
  return {
    mint: toBase58(data.subarray(0, 32)),
    owner: toBase58(data.subarray(32, 64)),
    amount: u64(data, 64),
    delegate: optionKey(data, 72),
    state,
    isNative: data[109] === 1 ? u64(data, 113) : null,
    delegatedAmount: u64(data, 121),
    closeAuthority: optionKey(data, 129),
  };
}

/** A mint of either token program, or undefined. */
export function decodeMint(owner: string, data: Uint8Array): Mint | undefined {
  if (!isTokenProgram(owner)) return undefined;
  if (data.length !== 82 && !(data.length > 165 && data[165] === 1)) return undefined;
  return {
    mintAuthority: optionKey(data, 0),
    supply: u64(data, 36),
    decimals: data[44] ?? 0,
    isInitialized: data[45] === 1,
    freezeAuthority: optionKey(data, 46),
  };
}

/** `amount` with `decimals` as an exact decimal string without trailing zeros. */
export function uiAmountString(amount: bigint, decimals: number): string {
  if (decimals === 0) return amount.toString();
  const s = amount.toString().padStart(decimals + 1, '0');
  const whole = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** The RPC's UiTokenAmount. */
export function uiTokenAmount(amount: bigint, decimals: number): JsonObject {
  const str = uiAmountString(amount, decimals);
  return { amount: amount.toString(), decimals, uiAmount: Number(str), uiAmountString: str };
}

/** `jsonParsed` data of a token account or mint, or undefined for other accounts. */
export function parseTokenData(
  owner: string,
  data: Uint8Array,
  mintDecimals: (mint: string) => number,
): JsonObject | undefined {
  const program = owner === TOKEN_PROGRAM ? 'spl-token' : 'spl-token-2022';
  const account = decodeTokenAccount(owner, data);
  if (account) {
    const info: JsonObject = {
      isNative: account.isNative !== null || account.mint === NATIVE_MINT,
      mint: account.mint,
      owner: account.owner,
      state: account.state === 2 ? 'frozen' : 'initialized',
      tokenAmount: uiTokenAmount(account.amount, mintDecimals(account.mint)),
    };
    if (account.delegate) {
      info.delegate = account.delegate;
      info.delegatedAmount = uiTokenAmount(account.delegatedAmount, mintDecimals(account.mint));
    }
    if (account.closeAuthority) info.closeAuthority = account.closeAuthority;
    if (account.isNative !== null) info.rentExemptReserve = uiTokenAmount(account.isNative, 9);
    return { program, parsed: { info, type: 'account' }, space: BigInt(data.length) };
  }
  const mint = decodeMint(owner, data);
  if (mint) {
    const info: JsonObject = {
      decimals: mint.decimals,
      freezeAuthority: mint.freezeAuthority,
      isInitialized: mint.isInitialized,
      mintAuthority: mint.mintAuthority,
      supply: mint.supply.toString(),
    };
    return { program, parsed: { info, type: 'mint' }, space: BigInt(data.length) };
  }
  return undefined;
}
