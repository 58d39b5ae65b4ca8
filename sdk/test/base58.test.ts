// The SDK's base58 against @solana/kit's (BigInt) codec on random and edge inputs.
import { getBase58Decoder, getBase58Encoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { decodeBase58, encodeBase58, encodeBase58Range } from '../src/base58.js';
import { seeded } from './helpers/random.js';

// kit names codecs from the string's side: its "decoder" turns bytes into text.
const kitText = getBase58Decoder();
const kitBytes = getBase58Encoder();

const rng = seeded(0x5eed);
const random = rng.next;
/** Random bytes, often with a run of leading zeros. */
function randomBytes(length: number): Uint8Array {
  const out = rng.bytes(length);
  const zeros = random() % 3 === 0 ? random() % (length + 1) : 0;
  out.fill(0, 0, zeros);
  return out;
}

describe('encodeBase58 / decodeBase58', () => {
  it('match kit on random inputs of 0..64 bytes, leading zeros included', () => {
    let withZeros = 0;
    for (let length = 0; length <= 64; length++) {
      for (let n = 0; n < 60; n++) {
        const bytes = randomBytes(length);
        if (bytes[0] === 0) withZeros++;
        const text = kitText.decode(bytes);
        expect(encodeBase58(bytes)).toBe(text);
        expect(decodeBase58(text)).toEqual(new Uint8Array(kitBytes.encode(text)));
        expect(decodeBase58(text)).toEqual(bytes);
      }
    }
    expect(withZeros).toBeGreaterThan(500);
  });

  it('match kit on all-zero, all-0xff and single-byte inputs', () => {
    for (let length = 0; length <= 100; length++) {
      for (const fill of [0x00, 0x01, 0xff]) {
        const bytes = new Uint8Array(length).fill(fill);
        const text = kitText.decode(bytes);
        expect(encodeBase58(bytes)).toBe(text);
        expect(decodeBase58(text)).toEqual(bytes);
      }
    }
    for (let b = 0; b < 256; b++) {
      for (const bytes of [Uint8Array.of(b), Uint8Array.of(0, b), Uint8Array.of(b, 0)]) {
        expect(encodeBase58(bytes)).toBe(kitText.decode(bytes));
        expect(decodeBase58(kitText.decode(bytes))).toEqual(bytes);
      }
    }
  });

  it('match kit on long inputs (several 44-character blocks)', () => {
    for (const length of [65, 66, 67, 99, 100, 128, 200, 255, 256, 257, 333]) {
      const bytes = randomBytes(length);
      const text = kitText.decode(bytes);
      expect(encodeBase58(bytes)).toBe(text);
      expect(decodeBase58(text)).toEqual(bytes);
    }
  });

  it('knows the well-known addresses', () => {
    expect(encodeBase58(new Uint8Array(32))).toBe('11111111111111111111111111111111');
    expect(decodeBase58('11111111111111111111111111111111')).toEqual(new Uint8Array(32));
    expect(encodeBase58(new Uint8Array())).toBe('');
    expect(decodeBase58('')).toEqual(new Uint8Array());
    expect(encodeBase58(Uint8Array.of(0))).toBe('1');
    expect(encodeBase58(Uint8Array.of(57))).toBe('z');
    expect(encodeBase58(Uint8Array.of(58))).toBe('21');
    for (const address of [
      'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
      'Sysvar1nstructions1111111111111111111111111',
      'FvdugqmxXx4XYxLKLMQeqB4RNN4DTA5vg5vXNhXY4N1o',
    ]) {
      const bytes = decodeBase58(address);
      expect(bytes).toEqual(new Uint8Array(kitBytes.encode(address)));
      expect(bytes).toHaveLength(32);
      expect(encodeBase58(bytes)).toBe(address);
    }
  });

  it('decodes leading 1s and text kit decodes to short or long byte strings', () => {
    for (const text of ['1', '11', '111z', '1112', 'zzzzzzzz', '2', '1111111111111111111111111111111111111111111111']) {
      expect(decodeBase58(text)).toEqual(new Uint8Array(kitBytes.encode(text)));
    }
  });

  it('encodes a range in place', () => {
    const buffer = randomBytes(100);
    buffer.fill(0, 10, 13);
    for (const [start, end] of [
      [0, 32],
      [10, 42],
      [13, 45],
      [50, 50],
      [99, 100],
      [0, 100],
    ] as const) {
      expect(encodeBase58Range(buffer, start, end)).toBe(kitText.decode(buffer.slice(start, end)));
    }
  });

  it('rejects characters outside the alphabet, naming them', () => {
    for (const [text, char, index] of [
      ['0', '0', 0],
      ['abcO', 'O', 3],
      ['1I', 'I', 1],
      ['zzl', 'l', 2],
      ['ab+c', '+', 2],
      ['ab c', ' ', 2],
      ['abcé', 'é', 3],
      ['ab😀', '😀', 2],
    ] as const) {
      expect(() => decodeBase58(text)).toThrow(SyntaxError);
      expect(() => decodeBase58(text)).toThrow(`invalid base58 character ${JSON.stringify(char)} at index ${index}`);
    }
  });
});
