/**
 * Base58 (Bitcoin alphabet, as Solana addresses use) without BigInt: the
 * number is held in limbs of 58^4 (encoding) or 2^24 (decoding) in float64
 * arithmetic, where every intermediate product stays below 2^53 and is exact.
 * Leading zero bytes map to leading '1's and back, as in every base58 codec.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Character code of every digit value. */
const CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
/** Digit value by character code (< 128); -1 for characters outside the alphabet. */
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
/** Character codes of the high and low digit of every value below 58^2. */
const PAIR_HI = new Uint8Array(58 * 58);
const PAIR_LO = new Uint8Array(58 * 58);
for (let v = 0; v < 58 * 58; v++) {
  PAIR_HI[v] = CODES[Math.floor(v / 58)] as number;
  PAIR_LO[v] = CODES[v % 58] as number;
}

/** 58^4: four base58 digits per limb; limb * 2^24 + carry < 2^48. */
const B58_LIMB = 11_316_496;
const B58_LIMB_INV = 1 / B58_LIMB;
/** 2^24: three bytes per limb; limb * 58^4 + carry < 2^48. */
const BYTE_LIMB = 16_777_216;
const POW58 = [1, 58, 3364, 195_112, 11_316_496] as const;
/** '1', the digit of a leading zero byte. */
const ONE = 49;

/** Scratch limbs and character codes, grown on demand (nothing here re-enters). */
let scratch = new Float64Array(32);
function limbs(count: number): Float64Array {
  if (scratch.length < count) scratch = new Float64Array(count * 2);
  return scratch;
}
/** Text is built in blocks of {@link BLOCK} characters, the codes right-aligned after a block of slack. */
const BLOCK = 44;
let chars = new Uint8Array(4 * BLOCK);
function charCodes(count: number): Uint8Array {
  if (chars.length < count) chars = new Uint8Array(count * 2);
  return chars;
}

// One call with a fixed argument count builds a flat string in one allocation,
// several times faster than concatenating pieces (or `apply` on an array).
const fromCodes = String.fromCharCode as (...codes: (number | undefined)[]) => string;
/** The {@link BLOCK} characters whose codes are `c[p, p + 44)`. */
function block(c: Uint8Array, p: number): string {
  return fromCodes(
    c[p],
    c[p + 1],
    c[p + 2],
    c[p + 3],
    c[p + 4],
    c[p + 5],
    c[p + 6],
    c[p + 7],
    c[p + 8],
    c[p + 9],
    c[p + 10],
    c[p + 11],
    c[p + 12],
    c[p + 13],
    c[p + 14],
    c[p + 15],
    c[p + 16],
    c[p + 17],
    c[p + 18],
    c[p + 19],
    c[p + 20],
    c[p + 21],
    c[p + 22],
    c[p + 23],
    c[p + 24],
    c[p + 25],
    c[p + 26],
    c[p + 27],
    c[p + 28],
    c[p + 29],
    c[p + 30],
    c[p + 31],
    c[p + 32],
    c[p + 33],
    c[p + 34],
    c[p + 35],
    c[p + 36],
    c[p + 37],
    c[p + 38],
    c[p + 39],
    c[p + 40],
    c[p + 41],
    c[p + 42],
    c[p + 43],
  );
}

/**
 * Base58 of `bytes[start, end)`. The SDK's event reader encodes addresses in
 * place with it; {@link encodeBase58} is the public form.
 */
export function encodeBase58Range(bytes: Uint8Array, start: number, end: number): string {
  let zeros = 0;
  while (start + zeros < end && bytes[start + zeros] === 0) zeros++;
  let i = start + zeros;
  // The number, little-endian in limbs of 58^4: acc = acc * 2^24 + next three bytes.
  // 256^k < 58^(4 * limbs) needs limbs > k * 0.3414: one limb per two bytes is ample.
  const acc = limbs(((end - i) >> 1) + 2);
  let len = 0;
  const head = (end - i) % 3;
  if (head !== 0) {
    acc[0] = head === 1 ? (bytes[i] as number) : ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    len = 1;
    i += head;
  }
  for (; i < end; i += 3) {
    let carry = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    for (let j = 0; j < len; j++) {
      const x = (acc[j] as number) * BYTE_LIMB + carry;
      // x < 2^48, so x * (1 / 58^4) is within 2^-27 of the quotient: floor is off by one at most.
      let q = Math.floor(x * B58_LIMB_INV);
      let r = x - q * B58_LIMB;
      if (r >= B58_LIMB) {
        q++;
        r -= B58_LIMB;
      } else if (r < 0) {
        q--;
        r += B58_LIMB;
      }
      acc[j] = r;
      carry = q;
    }
    // carry < 2^24 < 58^8: two more limbs at most.
    while (carry > 0) {
      const q = Math.floor(carry / B58_LIMB);
      acc[len++] = carry - q * B58_LIMB;
      carry = q;
    }
  }
  // Digits, most significant first, right-aligned in `c` after BLOCK codes of slack;
  // the top limb's leading zero digits are dropped and a '1' per zero byte goes before.
  const digits = 4 * len;
  const c = charCodes(BLOCK + zeros + digits);
  const stop = BLOCK + zeros + digits;
  let p = stop;
  for (let j = 0; j < len; j++) {
    const v = acc[j] as number;
    const hi = Math.floor(v / 3364);
    const lo = v - hi * 3364;
    c[--p] = PAIR_LO[lo] as number;
    c[--p] = PAIR_HI[lo] as number;
    c[--p] = PAIR_LO[hi] as number;
    c[--p] = PAIR_HI[hi] as number;
  }
  while (p < stop && c[p] === ONE) p++;
  for (let k = 0; k < zeros; k++) c[--p] = ONE;
  // Whole blocks from the end, then the head of the text from the block before it.
  let text = '';
  let q = stop;
  while (q - p > BLOCK) {
    q -= BLOCK;
    text = block(c, q) + text;
  }
  const first = block(c, q - BLOCK);
  const size = q - p;
  return (size === BLOCK ? first : first.slice(BLOCK - size)) + text;
}

/** Base58 text of `bytes`. */
export function encodeBase58(bytes: Uint8Array): string {
  return encodeBase58Range(bytes, 0, bytes.length);
}

/** Bytes of base58 `text`; throws a `SyntaxError` naming the first character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array {
  const n = text.length;
  const digits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (VALUES[code] as number) : -1;
    if (value < 0) {
      const char = String.fromCodePoint(text.codePointAt(i) ?? code);
      throw new SyntaxError(`invalid base58 character ${JSON.stringify(char)} at index ${i}`);
    }
    digits[i] = value;
  }
  let zeros = 0;
  while (zeros < n && digits[zeros] === 0) zeros++;
  // 58^k < 2^(24 * limbs) needs limbs > k * 0.2441: one limb per 4 digits is ample.
  const acc = limbs(Math.ceil((n - zeros) / 4) + 1);
  let len = 0;
  for (let i = zeros; i < n; ) {
    // Up to four digits at a time: acc = acc * 58^k + group.
    const k = Math.min(4, n - i);
    let carry = 0;
    for (let m = 0; m < k; m++) carry = carry * 58 + (digits[i + m] as number);
    i += k;
    const mul = POW58[k] as number;
    for (let j = 0; j < len; j++) {
      const x = (acc[j] as number) * mul + carry;
      carry = Math.floor(x / BYTE_LIMB);
      acc[j] = x - carry * BYTE_LIMB;
    }
    // carry < 58^4 < 2^24: one more limb at most.
    if (carry > 0) acc[len++] = carry;
  }
  // Bytes of the number, big-endian, without leading zero bytes.
  let size = len * 3;
  if (len > 0) {
    const top = acc[len - 1] as number;
    size -= top < 256 ? 2 : top < 65_536 ? 1 : 0;
  }
  const out = new Uint8Array(zeros + size);
  let p = out.length;
  for (let j = 0; j < len; j++) {
    const v = acc[j] as number;
    out[--p] = v & 0xff;
    if (p > zeros) out[--p] = (v >>> 8) & 0xff;
    if (p > zeros) out[--p] = v >>> 16;
  }
  return out;
}
