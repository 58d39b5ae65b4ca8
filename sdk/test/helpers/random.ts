/** A seeded xorshift32 generator: the same inputs on every run, so a failure reproduces. */
export function seeded(seed: number) {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const bytes = (length: number): Uint8Array => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = next() & 0xff;
    return out;
  };
  return { next, bytes };
}
