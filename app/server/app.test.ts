// The app server: runtime config, the indexer proxy (SSE streamed through),
// content in and out of the embedded IPFS store, the development wallet only
// on the local chain and only for its own keys, the client-side routes.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cidToString, rawCid } from '@modelmint/sdk';
import {
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64Decoder,
  getBase64Encoder,
  getTransactionDecoder,
  getTransactionEncoder,
  type KeyPairSigner,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedIpfs } from '../../gpu-oracle/src/ipfs.js';
import { createAppServer } from './app.js';
import { type AppConfig, explorerTemplates } from './config.js';

const CONFIG: AppConfig = {
  rpcUrl: 'http://127.0.0.1:8899',
  wsUrl: 'ws://127.0.0.1:8900',
  clusterName: 'local chain',
  walletChain: 'solana:devnet',
  ...explorerTemplates('localnet', 'http://127.0.0.1:8899'),
  localChain: true,
  devWallet: true,
  programAddress: null,
};

/** A wire transaction paid by `payer` (unsigned). */
function unsignedTransfer(payer: KeyPairSigner): Uint8Array {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(payer.address, m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: '11111111111111111111111111111111' as Blockhash, lastValidBlockHeight: 0n },
        m,
      ),
    (m) => appendTransactionMessageInstructions([], m),
  );
  return new Uint8Array(getTransactionEncoder().encode(compileTransaction(message)));
}

describe('app server', () => {
  let dir: string;
  let store: EmbeddedIpfs;
  let indexer: Server;
  let indexerUrl: string;
  let creator: KeyPairSigner;
  let app: ReturnType<typeof createAppServer>;
  let release: (() => void) | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'modelmint-app-server-'));
    store = await EmbeddedIpfs.open(join(dir, 'ipfs'));
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist/index.html'), '<!doctype html><title>modelmint</title><div id="root"></div>');
    await mkdir(join(dir, 'dist/assets'));
    await writeFile(join(dir, 'dist/assets/index-abc.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
    // A stand-in indexer: JSON routes, and an event stream that stays open until /release.
    indexer = createServer((req, res) => {
      if (req.url?.startsWith('/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: ready\ndata: {}\n\n');
        release = () => res.end(`event: JobClaimed\ndata: {"keys":["${req.url?.split('=')[1]}"]}\n\n`);
        return;
      }
      res.writeHead(req.url?.startsWith('/models?') ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((r) => indexer.listen(0, '127.0.0.1', r));
    const a = indexer.address();
    indexerUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    creator = await generateKeyPairSigner();
    app = createAppServer({
      distDir: join(dir, 'dist'),
      indexerUrl,
      content: { store },
      config: CONFIG,
      devAccounts: [{ role: 'creator', signer: creator }],
    });
  });
  afterAll(async () => {
    indexer?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the runtime config, in the page and alone, and the app for every client-side route', async () => {
    expect(await (await app.request('/config.json')).json()).toEqual(CONFIG);
    for (const path of ['/', '/models/abc', '/studio/new']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<div id="root">');
      const inline = /window.__MODELMINT_CONFIG__=(.*?)<\/script>/.exec(html)?.[1];
      expect(JSON.parse(inline ?? 'null')).toEqual(CONFIG);
    }
  });

  it("sends the marketplace's first page of results with the page, for the search in its URL", async () => {
    const html = await (await app.request('/?q=pirate&category=caption')).text();
    const landing = /window.__MODELMINT_LANDING__=(.*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(landing ?? 'null')).toEqual({
      query: { limit: '24', sort: 'relevance', q: 'pirate', category: 'caption' },
      page: { path: '/models?limit=24&sort=relevance&q=pirate&category=caption', method: 'GET' },
    });
    // Not on other pages, nor for a search the browser would refuse.
    expect(await (await app.request('/models/abc')).text()).not.toContain('__MODELMINT_LANDING__');
    expect(await (await app.request('/?min=abc')).text()).not.toContain('__MODELMINT_LANDING__');
  });

  it('renders the marketplace on the server with that first page, and falls back to an empty root', async () => {
    const render = (url: string, _config: AppConfig, query: unknown, page: unknown) =>
      `<main data-url="${url}">${JSON.stringify({ query, page }).length}</main>`;
    const ssr = createAppServer({
      distDir: join(dir, 'dist'),
      indexerUrl,
      content: { store },
      config: CONFIG,
      renderMarketplace: render,
    });
    const html = await (await ssr.request('/?sort=newest')).text();
    expect(html).toMatch(/<div id="root"><main data-url="\/\?sort=newest">\d+<\/main><\/div>/);
    const failing = createAppServer({
      distDir: join(dir, 'dist'),
      indexerUrl,
      content: { store },
      config: CONFIG,
      renderMarketplace: () => {
        throw new Error('boom');
      },
    });
    expect(await (await failing.request('/')).text()).toContain('<div id="root"></div>');
  });

  it('serves built files from memory, gzipped when the browser takes it', async () => {
    const gz = await app.request('/assets/index-abc.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toContain('immutable');
    const body = new Uint8Array(await gz.arrayBuffer());
    expect(body.length).toBeLessThan(200);
    expect(gunzipSync(body).toString()).toContain('console.log');
    const plain = await app.request('/assets/index-abc.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.text()).length).toBeGreaterThan(2000);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
  });

  it('proxies the indexer under /api, statuses and queries kept, events streamed as they come', async () => {
    const ok = await app.request('/api/models?limit=1');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ path: '/models?limit=1', method: 'GET' });
    expect((await app.request('/api/models/nope')).status).toBe(404);
    const res = await app.request('/api/stream?keys=JOB');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    // The first event arrives while the indexer's stream is still open (a buffering proxy would hang here).
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: ready');
    expect(release).toBeDefined();
    release?.();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toContain('event: JobClaimed');
  });

  it('answers 502 when the indexer is down', async () => {
    const down = createAppServer({
      distDir: join(dir, 'dist'),
      indexerUrl: 'http://127.0.0.1:9',
      content: { store },
      config: CONFIG,
    });
    expect((await down.request('/api/models')).status).toBe(502);
  });

  it('stores uploads in the IPFS store and serves them by CID', async () => {
    const bytes = new TextEncoder().encode('{"prompt":"Ahoy"}');
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'input');
    const res = await app.request('/content', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const { cid } = (await res.json()) as { cid: string };
    expect(cid).toBe(cidToString(await rawCid(bytes))); // a file under 1 MiB: a raw block, CID = sha256 of the bytes
    const back = await app.request(`/ipfs/${cid}`);
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(bytes);

    const dataset = new FormData();
    dataset.append('file', new Blob(['{"text":"a"}\n']), 'a.jsonl');
    dataset.append('file', new Blob(['{"text":"b"}\n']), 'sub/b.jsonl');
    dataset.append('directory', 'true');
    const dirRes = await app.request('/content', { method: 'POST', body: dataset });
    const { cid: root } = (await dirRes.json()) as { cid: string };
    expect(root.startsWith('bafybei')).toBe(true); // a UnixFS directory
  });

  it('refuses bad uploads and unknown content', async () => {
    expect((await app.request('/content', { method: 'POST', body: 'x' })).status).toBe(400);
    const unsafe = new FormData();
    unsafe.append('file', new Blob(['x']), '../escape');
    unsafe.append('directory', 'true');
    expect((await app.request('/content', { method: 'POST', body: unsafe })).status).toBe(400);
    const two = new FormData();
    two.append('file', new Blob(['x']), 'a');
    two.append('file', new Blob(['y']), 'b');
    expect((await app.request('/content', { method: 'POST', body: two })).status).toBe(400);
    expect((await app.request('/ipfs/not-a-cid')).status).toBe(400);
    const missing = cidToString(await rawCid(new TextEncoder().encode('never stored')));
    expect((await app.request(`/ipfs/${missing}`)).status).toBe(404);
  });

  it('signs with a demo key only for its own address', async () => {
    const accounts = (await (await app.request('/dev-wallet/accounts')).json()) as { accounts: unknown[] };
    expect(accounts).toEqual({ accounts: [{ role: 'creator', address: creator.address }] });
    const wire = unsignedTransfer(creator);
    const res = await app.request('/dev-wallet/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: creator.address, transaction: getBase64Decoder().decode(wire) }),
    });
    expect(res.status).toBe(200);
    const { signedTransaction } = (await res.json()) as { signedTransaction: string };
    const signed = getTransactionDecoder().decode(getBase64Encoder().encode(signedTransaction));
    expect(signed.signatures[creator.address]).not.toBeNull();

    const stranger = await generateKeyPairSigner();
    const refused = await app.request('/dev-wallet/sign', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        address: stranger.address,
        transaction: getBase64Decoder().decode(unsignedTransfer(stranger)),
      }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: `${stranger.address} is not a development wallet account` });
  });

  it('has no development wallet off the local chain', async () => {
    const remote = { ...CONFIG, localChain: false, devWallet: false, clusterName: 'devnet' };
    const off = createAppServer({ distDir: join(dir, 'dist'), indexerUrl, content: { store }, config: remote });
    expect((await off.request('/dev-wallet/accounts')).status).toBe(200); // the SPA fallback, not the wallet
    expect(await (await off.request('/dev-wallet/accounts')).text()).toContain('<div id="root">');
    expect(() =>
      createAppServer({
        distDir: join(dir, 'dist'),
        indexerUrl,
        content: { store },
        config: { ...remote, devWallet: true },
      }),
    ).toThrow('the development wallet exists only on the local chain');
  });

  it('links the explorer to the cluster, a custom RPC through its URL', () => {
    expect(explorerTemplates('devnet', 'https://api.devnet.solana.com').explorerTx).toBe(
      'https://explorer.solana.com/tx/{signature}?cluster=devnet',
    );
    expect(explorerTemplates('mainnet-beta', 'x').explorerAddress).toBe(
      'https://explorer.solana.com/address/{address}',
    );
    expect(explorerTemplates('localnet', 'http://127.0.0.1:8899').explorerTx).toContain(
      'cluster=custom&customUrl=http%3A%2F%2F127.0.0.1%3A8899',
    );
  });
});
