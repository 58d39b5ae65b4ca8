import { describe, expect, it } from 'vitest';
import { imageTypeOf, isPng } from './image.js';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('imageTypeOf', () => {
  it('tells PNG, JPEG and WebP by their signatures', () => {
    expect(imageTypeOf(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
    expect(imageTypeOf(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageTypeOf(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
  });

  it('takes a prompt, a truncated signature or another RIFF file for no image', () => {
    expect(imageTypeOf(bytes('{"prompt":"Ahoy"}'))).toBeNull();
    expect(imageTypeOf(bytes([0x89], 'PNG'))).toBeNull();
    expect(isPng(bytes([0x89], 'PNG'))).toBe(false);
    expect(imageTypeOf(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull();
    expect(imageTypeOf(new Uint8Array())).toBeNull();
  });
});
