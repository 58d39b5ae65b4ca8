// Start time and getAccountInfo throughput: printed for the README, not asserted.
import { expect, it } from 'vitest';
import { rawResult, startTestnet } from './helpers.js';

it('measures start time and getAccountInfo requests/sec', async () => {
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
    const address = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'getAccountInfo',
      params: [address, { encoding: 'base64' }],
    });
    const one = () =>
      fetch(net.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) =>
        r.text(),
      );
    for (let i = 0; i < 100; i++) await one(); // warm up
    const n = 2000;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) await one();
    const sequential = n / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    const inFlight = 16;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = 0; i < n / inFlight; i++) await one();
      }),
    );
    const concurrent = n / ((performance.now() - t0) / 1000);
    console.log(
      `localnet: start ${starts.map((s) => s.toFixed(0)).join(' / ')} ms (to first response, in-process); ` +
        `getAccountInfo ${sequential.toFixed(0)} req/s sequential, ${concurrent.toFixed(0)} req/s with ${inFlight} in flight`,
    );
    expect(sequential).toBeGreaterThan(0);
  } finally {
    await net.close();
  }
});
