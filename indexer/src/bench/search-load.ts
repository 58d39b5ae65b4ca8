/**
 * Search load generator, run as its own process by the benchmark:
 * `search-load.ts <baseUrl> <closed:N | open:R> <seconds> [seed]` prints one JSON line.
 *
 * Queries are drawn Zipf(s=1) from 20,000 distinct query strings (`QueryMix`, always the same
 * universe; `seed` orders the draws); one first page in
 * ten that has a next page has that page asked for next (with its cursor).
 * - `closed:N`: N connections, each sending its next request when the last one answered (the
 *   saturated rate); latency from send to last byte.
 * - `open:R`: R requests a second on a fixed schedule, whatever the answers (the offered rate);
 *   latency from the scheduled send time, so a stalled server is charged for the requests it held
 *   up (no coordinated omission).
 */
import { KeepAliveClient } from './http-client.js';
import { QueryMix } from './search-mix.js';

const [base, modeArg = 'closed:16', secondsArg = '5', seedArg = '1'] = process.argv.slice(2);
if (!base) throw new Error('usage: search-load.ts <baseUrl> <closed:N | open:R> <seconds> [seed]');
const [mode, amountText] = modeArg.split(':');
const amount = Number(amountText);
if ((mode !== 'closed' && mode !== 'open') || !(amount > 0)) throw new Error(`bad mode ${modeArg}`);
const seconds = Number(secondsArg);
const mix = new QueryMix(1, 20_000, Number(seedArg));
const FOLLOW = 0.1;

// Keep-alive sockets through a minimal client: what this process spends is taken from the server
// it measures (fetch, then node:http, were a large share of this 2-core machine).
const client = new KeepAliveClient(base, mode === 'closed' ? amount : 1024);
const latencies: number[] = [];
/** The slowest requests (MODELMINT_BENCH_SLOWEST=n prints n of them to stderr). */
const slowest: [number, string][] = [];
const SLOWEST = Number(process.env.MODELMINT_BENCH_SLOWEST ?? 0);
function note(ms: number, path: string): void {
  latencies.push(ms);
  if (SLOWEST === 0 || (slowest.length >= SLOWEST && ms <= (slowest.at(-1) as [number, string])[0])) return;
  slowest.push([ms, path]);
  slowest.sort((a, b) => b[0] - a[0]);
  if (slowest.length > SLOWEST) slowest.pop();
}
const urls = new Set<string>();
const nextPages: string[] = [];
let errors = 0;
let followed = 0;
let tick = 0;

/** The next URL: a queued next page, else a query from the mix. */
function nextUrl(): { url: string; follow: boolean } {
  const page = nextPages.shift();
  if (page) {
    followed++;
    return { url: page, follow: false };
  }
  const query = mix.next();
  tick++;
  return { url: `/models?${query}`, follow: tick % Math.round(1 / FOLLOW) === 0 };
}

/** One GET; resolves when the body has arrived, queueing the next page if asked. */
async function get(path: string, follow: boolean): Promise<void> {
  urls.add(path);
  try {
    const { status, body } = await client.get(path);
    if (status !== 200) errors++;
    else if (follow) {
      const { nextCursor } = JSON.parse(body.toString()) as { nextCursor: string | null };
      if (nextCursor && nextPages.length < 256) nextPages.push(`${path}&cursor=${nextCursor}`);
    }
  } catch {
    errors++;
  }
}

const started = performance.now();
const cpu = process.cpuUsage();
const end = started + seconds * 1000;
if (mode === 'closed') {
  await Promise.all(
    Array.from({ length: amount }, async () => {
      while (performance.now() < end) {
        const { url, follow } = nextUrl();
        const t0 = performance.now();
        await get(url, follow);
        note(performance.now() - t0, url);
      }
    }),
  );
} else {
  const interval = 1000 / amount;
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  while (performance.now() < end) {
    // Every request whose time has come, each timed from its own scheduled start.
    const due = Math.floor((performance.now() - started) / interval);
    for (; sent < due && sent < seconds * amount; sent++) {
      const scheduled = started + sent * interval;
      const { url, follow } = nextUrl();
      const p = get(url, follow).then(() => {
        note(performance.now() - scheduled, url);
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
}
client.close();
for (const [ms, path] of slowest) process.stderr.write(`${ms.toFixed(1)} ms ${decodeURIComponent(path)}\n`);
const elapsed = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
const round = (x: number) => Number(x.toFixed(2));
process.stdout.write(
  JSON.stringify({
    mode: modeArg,
    requests: latencies.length,
    errors,
    seconds: round(elapsed),
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(latencies.at(-1) ?? 0),
    distinct_urls: urls.size,
    next_pages: followed,
    /** This process's own CPU per request (it shares the machine with the server it measures). */
    load_cpu_ms_per_request: round((used.user + used.system) / 1000 / Math.max(1, latencies.length)),
  }),
);
