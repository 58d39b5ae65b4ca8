// What kind of image some bytes are, by their first bytes (the formats the oracle takes for a
// style job: PNG, JPEG, WebP; its results are PNGs).

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(b: Uint8Array): boolean {
  return b.length >= PNG.length && PNG.every((v, i) => b[i] === v);
}

/** The image type of `b`, or null when it is none of PNG, JPEG and WebP. */
export function imageTypeOf(b: Uint8Array): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  if (isPng(b)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}
