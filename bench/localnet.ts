// `npm run bench:localnet`: the local chain's start time (to its first response, in-process)
// and getAccountInfo requests/s over HTTP, sequential and with 16 in flight. Prints the
// figures; a benchmark, not a test.
import { loadavg } from 'node:os';
import { rawResult, startTestnet } from '../localnet/test/helpers.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const IN_FLIGHT = 16;

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const n = await startTestnet();
  await rawResult(n, 'getHealth');
  starts.push(performance.now() - t0);
  await n.close();
}
const net = await startTestnet();
try {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'getAccountInfo',
    params: ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', { encoding: 'base64' }],
  });
  const one = () =>
    fetch(net.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
  for (let i = 0; i < 100; i++) await one(); // warm up
  let t0 = performance.now();
  for (let i = 0; i < REQUESTS; i++) await one();
  const sequential = REQUESTS / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = 0; i < REQUESTS / IN_FLIGHT; i++) await one();
    }),
  );
  const concurrent = REQUESTS / ((performance.now() - t0) / 1000);
  console.log(
    `localnet: start ${starts.map((s) => s.toFixed(0)).join(' / ')} ms (to first response, in-process); ` +
      `getAccountInfo ${sequential.toFixed(0)} req/s sequential, ${concurrent.toFixed(0)} req/s with ${IN_FLIGHT} in flight ` +
      `(load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
} finally {
  await net.close();
}
