/**
 * Search load generator, run as its own process by the benchmark:
 * `search-load.ts <baseUrl> <concurrency> <seconds>` prints {requests, errors, seconds, p50, p99}.
 */
const [base, concurrencyArg, secondsArg] = process.argv.slice(2);
if (!base) throw new Error('usage: search-load.ts <baseUrl> <concurrency> <seconds>');
const concurrency = Number(concurrencyArg ?? 16);
const seconds = Number(secondsArg ?? 5);
const WORDS = [
  'pixel',
  'cat',
  'caption',
  'style',
  'anime',
  'portrait',
  'landscape',
  'photo',
  'neon',
  'robot',
  'ocean',
  'retro',
];
const SORTS = ['relevance', 'uses', 'rating', 'newest'];

let s = 12345;
const rand = (n: number) => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s % n;
};
function query(): string {
  const q = new URLSearchParams({ q: WORDS[rand(WORDS.length)] as string, limit: '20' });
  const sort = SORTS[rand(SORTS.length)] as string;
  q.set('sort', sort);
  if (rand(3) === 0) q.set('category', ['caption', 'style', 'generate'][rand(3)] as string);
  if (rand(4) === 0) q.set('maxPrice', String(1_000_000 + rand(5_000_000)));
  return `${base}/models?${q.toString()}`;
}

const latencies: number[] = [];
let errors = 0;
const end = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = await fetch(query());
        await res.arrayBuffer();
        if (!res.ok) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({ requests: latencies.length, errors, seconds: elapsed, p50: at(0.5), p99: at(0.99) }),
);

export {};
