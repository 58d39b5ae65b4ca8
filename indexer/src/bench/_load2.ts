/**
 * Search load generator, run as its own process by the benchmark:
 * `search-load.ts <baseUrl> <concurrency> <seconds>` prints {requests, errors, seconds, p50, p99}.
 */
import http from 'node:http';

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
  return process.env.PATHX ? `${base}${process.env.PATHX}` : `${base}/models?${q.toString()}`;
}

// node:http with keep-alive sockets, one per connection: fetch's per-request overhead was a
// large share of this 2-core machine, taken from the server being measured.
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
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
        const status = await get(query());
        if (status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }),
);
agent.destroy();
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
process.stdout.write(
  JSON.stringify({ requests: latencies.length, errors, seconds: elapsed, p50: at(0.5), p99: at(0.99) }),
);
