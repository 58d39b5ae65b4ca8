// Websocket subscriptions beyond the conformance test: program, slot, logs "all", unsubscribe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localnet } from '../src/index.js';
import { rawResult, startTestnet } from './helpers.js';

const SYSTEM = '11111111111111111111111111111111';

/** A raw websocket client that collects messages. */
async function connect(url: string) {
  const ws = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  ws.addEventListener('message', (e) => messages.push(JSON.parse(String(e.data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', reject);
  });
  let id = 0;
  const request = async (method: string, params: unknown[] = []): Promise<Record<string, unknown>> => {
    const myId = ++id;
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: myId, method, params }));
    return waitMessage((m) => m.id === myId);
  };
  const waitMessage = async (pred: (m: Record<string, unknown>) => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const found = messages.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no message');
  };
  return { ws, messages, request, waitMessage };
}

const notificationOf = (sub: unknown) => (m: Record<string, unknown>) =>
  typeof m.params === 'object' && m.params !== null && (m.params as { subscription: unknown }).subscription === sub;

describe('websocket pubsub', () => {
  let net: Localnet;
  beforeAll(async () => {
    net = await startTestnet();
  });
  afterAll(() => net?.close());

  it('notifies slots, program accounts and all logs; unsubscribes', async () => {
    const c = await connect(net.wsUrl);
    const slotSub = (await c.request('slotSubscribe')).result;
    const slot = await c.waitMessage(notificationOf(slotSub));
    expect(slot).toMatchObject({
      method: 'slotNotification',
      params: { result: { slot: expect.any(Number), parent: expect.any(Number), root: expect.any(Number) } },
    });
    expect(await c.request('slotUnsubscribe', [slotSub])).toMatchObject({ result: true });
    expect((await c.request('slotUnsubscribe', [slotSub])).error).toMatchObject({ code: -32602 });

    const programSub = (
      await c.request('programSubscribe', [
        SYSTEM,
        { encoding: 'base64', filters: [{ dataSize: 0 }], commitment: 'processed' },
      ])
    ).result;
    const logsSub = (await c.request('logsSubscribe', ['all', { commitment: 'finalized' }])).result;
    const target = '9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin';
    const signature = await rawResult(net, 'requestAirdrop', [target, 5000000]);
    const program = await c.waitMessage(notificationOf(programSub));
    expect(program).toMatchObject({
      method: 'programNotification',
      params: {
        result: {
          context: { slot: expect.any(Number) },
          value: { pubkey: expect.any(String), account: { owner: SYSTEM } },
        },
      },
    });
    const logs = await c.waitMessage(
      (m) => notificationOf(logsSub)(m) && JSON.stringify(m).includes(String(signature)),
    );
    expect(logs).toMatchObject({ method: 'logsNotification', params: { result: { value: { signature, err: null } } } });
    expect(await c.request('programUnsubscribe', [programSub])).toMatchObject({ result: true });
    expect(await c.request('logsUnsubscribe', [logsSub])).toMatchObject({ result: true });
    c.ws.close();
  });

  it('notifies an already-confirmed signature at once', async () => {
    const signature = await rawResult(net, 'requestAirdrop', ['9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin', 1000000]);
    await new Promise((r) => setTimeout(r, 300));
    const c = await connect(net.wsUrl);
    const sub = (await c.request('signatureSubscribe', [signature, { commitment: 'confirmed' }])).result;
    expect(await c.waitMessage(notificationOf(sub))).toMatchObject({
      method: 'signatureNotification',
      params: { result: { context: { slot: expect.any(Number) }, value: { err: null } } },
    });
    c.ws.close();
  });
});
