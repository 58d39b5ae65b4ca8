// Parser of Solana's wire transaction format (legacy and v0 messages).
import { toBase58 } from './encoding.js';
import { invalidParams } from './rpc-error.js';

export interface CompiledInstruction {
  programIdIndex: number;
  accounts: number[];
  data: Uint8Array;
}

export interface AddressTableLookup {
  accountKey: string;
  writableIndexes: number[];
  readonlyIndexes: number[];
}

export interface ParsedTransaction {
  /** The whole wire transaction. */
  wire: Uint8Array;
  signatures: string[];
  /** True when every signature is non-zero (present). */
  fullySigned: boolean;
  messageBytes: Uint8Array;
  version: 'legacy' | 0;
  header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
  staticKeys: string[];
  recentBlockhash: string;
  instructions: CompiledInstruction[];
  addressTableLookups: AddressTableLookup[];
}

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  u8(): number {
    const v = this.bytes[this.pos];
    if (v === undefined) throw invalidParams('failed to deserialize transaction: unexpected end of data');
    this.pos++;
    return v;
  }
  compactU16(): number {
    let value = 0;
    for (let shift = 0; shift < 21; shift += 7) {
      const b = this.u8();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return value;
    }
    throw invalidParams('failed to deserialize transaction: bad compact-u16');
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length)
      throw invalidParams('failed to deserialize transaction: unexpected end of data');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u8s(n: number): number[] {
    return Array.from(this.take(n));
  }
  get done(): boolean {
    return this.pos === this.bytes.length;
  }
}

/** Parses a message (the signed bytes). */
export function parseMessage(messageBytes: Uint8Array): Omit<ParsedTransaction, 'wire' | 'signatures' | 'fullySigned'> {
  const r = new Reader(messageBytes);
  let version: 'legacy' | 0 = 'legacy';
  let first = r.u8();
  if (first & 0x80) {
    const v = first & 0x7f;
    if (v !== 0) throw invalidParams(`failed to deserialize transaction: unsupported version ${v}`);
    version = 0;
    first = r.u8();
  }
  const header = {
    numRequiredSignatures: first,
    numReadonlySignedAccounts: r.u8(),
    numReadonlyUnsignedAccounts: r.u8(),
  };
  const staticKeys: string[] = [];
  const nKeys = r.compactU16();
  for (let i = 0; i < nKeys; i++) staticKeys.push(toBase58(r.take(32)));
  const recentBlockhash = toBase58(r.take(32));
  const instructions: CompiledInstruction[] = [];
  const nIx = r.compactU16();
  for (let i = 0; i < nIx; i++) {
    const programIdIndex = r.u8();
    const accounts = r.u8s(r.compactU16());
    const data = Uint8Array.from(r.take(r.compactU16()));
    instructions.push({ programIdIndex, accounts, data });
  }
  const addressTableLookups: AddressTableLookup[] = [];
  if (version === 0) {
    const n = r.compactU16();
    for (let i = 0; i < n; i++) {
      const accountKey = toBase58(r.take(32));
      const writableIndexes = r.u8s(r.compactU16());
      const readonlyIndexes = r.u8s(r.compactU16());
      addressTableLookups.push({ accountKey, writableIndexes, readonlyIndexes });
    }
  }
  if (!r.done) throw invalidParams('failed to deserialize transaction: trailing bytes');
  return { messageBytes, version, header, staticKeys, recentBlockhash, instructions, addressTableLookups };
}

/** Parses a whole wire transaction. */
export function parseTransaction(wire: Uint8Array): ParsedTransaction {
  const r = new Reader(wire);
  const n = r.compactU16();
  const signatures: string[] = [];
  let fullySigned = true;
  for (let i = 0; i < n; i++) {
    const sig = r.take(64);
    if (sig.every((b) => b === 0)) fullySigned = false;
    signatures.push(toBase58(sig));
  }
  const message = parseMessage(Uint8Array.from(wire.subarray(r.pos)));
  if (message.header.numRequiredSignatures !== n) {
    throw invalidParams('invalid transaction: Transaction failed to sanitize accounts offsets correctly');
  }
  return { wire, signatures, fullySigned, ...message };
}

/** Whether static key `i` is writable under the message header. */
export function isStaticWritable(tx: Pick<ParsedTransaction, 'header' | 'staticKeys'>, i: number): boolean {
  const { numRequiredSignatures: s, numReadonlySignedAccounts: rs, numReadonlyUnsignedAccounts: ru } = tx.header;
  if (i < s) return i < s - rs;
  return i < tx.staticKeys.length - ru;
}
