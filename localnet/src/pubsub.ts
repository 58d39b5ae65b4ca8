// The websocket pubsub server: account, program, logs, signature and slot subscriptions.
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { type AccountFilter, matchesFilters, parseFilters, type RenderOptions, renderAccount } from './accounts.js';
import { Chain, type ChainListener } from './chain.js';
import { parseDataEncoding } from './encoding.js';
import { isRecord, type JsonObject, type JsonValue, stringify } from './json.js';
import type { BlockRecord, TxRecord } from './ledger.js';
import { type Commitment, Params } from './params.js';
import { INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, RpcError } from './rpc-error.js';

type Sub = { id: number; ws: WebSocket; commitment: Commitment } & (
  | { kind: 'account'; address: string; render: RenderOptions }
  | { kind: 'program'; program: string; render: RenderOptions; filters: AccountFilter[] }
  | { kind: 'logs'; mentions: string | null }
  | { kind: 'signature'; signature: string }
  | { kind: 'slot' }
);

const SUBSCRIBE: Record<string, Sub['kind']> = {
  accountSubscribe: 'account',
  programSubscribe: 'program',
  logsSubscribe: 'logs',
  signatureSubscribe: 'signature',
  slotSubscribe: 'slot',
};
const NOTIFICATION: Record<Sub['kind'], string> = {
  account: 'accountNotification',
  program: 'programNotification',
  logs: 'logsNotification',
  signature: 'signatureNotification',
  slot: 'slotNotification',
};
const EMPTY_ACCOUNT = {
  lamports: 0n,
  data: new Uint8Array(),
  owner: '11111111111111111111111111111111',
  executable: false,
};

export class PubSub implements ChainListener {
  private nextId = 0;
  private readonly subs = new Map<number, Sub>();
  readonly wss: WebSocketServer;

  constructor(
    private readonly chain: Chain,
    server: Server,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws) => {
      ws.on('message', (data) => this.onMessage(ws, data.toString()));
      ws.on('close', () => {
        for (const [id, s] of this.subs) if (s.ws === ws) this.subs.delete(id);
      });
    });
    chain.listeners.push(this);
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  private onMessage(ws: WebSocket, text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      ws.send(stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null }));
      return;
    }
    for (const req of Array.isArray(msg) ? msg : [msg]) {
      if (isRecord(req) && req.method === 'ping' && req.id === undefined) continue;
      const id = isRecord(req) && (typeof req.id === 'number' || typeof req.id === 'string') ? req.id : null;
      try {
        if (!isRecord(req) || typeof req.method !== 'string') throw new RpcError(INVALID_REQUEST, 'Invalid request');
        const result = this.call(ws, req.method, Params.from(req.method, req.params));
        ws.send(stringify({ jsonrpc: '2.0', result: result.value, id }));
        result.after?.();
      } catch (e) {
        const error: JsonObject =
          e instanceof RpcError ? { code: e.code, message: e.message } : { code: -32603, message: String(e) };
        ws.send(stringify({ jsonrpc: '2.0', error, id }));
      }
    }
  }

  private call(ws: WebSocket, method: string, p: Params): { value: JsonValue; after?: () => void } {
    if (method.endsWith('Unsubscribe')) {
      const id = Number(p.u64(0, 'subscription id'));
      const sub = this.subs.get(id);
      if (!sub || sub.ws !== ws || `${sub.kind}Unsubscribe` !== method) {
        throw new RpcError(INVALID_PARAMS, 'Invalid subscription id.');
      }
      this.subs.delete(id);
      return { value: true };
    }
    const kind = SUBSCRIBE[method];
    if (!kind) throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
    const sub = this.parse(ws, kind, p);
    this.subs.set(sub.id, sub);
    if (sub.kind !== 'signature') return { value: sub.id };
    // A signature that already reached the commitment is notified at once.
    return { value: sub.id, after: () => this.checkSignature(sub.signature, null) };
  }

  private parse(ws: WebSocket, kind: Sub['kind'], p: Params): Sub {
    const id = this.nextId++;
    const base = { id, ws };
    switch (kind) {
      case 'account': {
        const c = p.config(1);
        const render = { encoding: parseDataEncoding(c.raw.encoding, 'binary'), dataSlice: c.dataSlice() };
        return { ...base, commitment: c.commitment(), kind, address: p.pubkey(0), render };
      }
      case 'program': {
        const c = p.config(1);
        const render = { encoding: parseDataEncoding(c.raw.encoding, 'binary'), dataSlice: c.dataSlice() };
        return {
          ...base,
          commitment: c.commitment(),
          kind,
          program: p.pubkey(0),
          render,
          filters: parseFilters(c.raw.filters),
        };
      }
      case 'logs': {
        const filter = p.raw(0);
        let mentions: string | null = null;
        if (isRecord(filter) && Array.isArray(filter.mentions)) {
          if (filter.mentions.length !== 1 || typeof filter.mentions[0] !== 'string') {
            throw new RpcError(INVALID_PARAMS, 'Invalid Request: Only 1 address supported');
          }
          mentions = filter.mentions[0];
        } else if (filter !== 'all' && filter !== 'allWithVotes') {
          throw new RpcError(INVALID_PARAMS, 'Invalid params: unknown logs filter');
        }
        return { ...base, commitment: p.config(1).commitment(), kind, mentions };
      }
      case 'signature':
        return { ...base, commitment: p.config(1).commitment(), kind, signature: p.string(0, 'a signature') };
      case 'slot':
        return { ...base, commitment: 'processed', kind };
    }
  }

  private notify(sub: Sub, result: JsonValue): void {
    if (sub.ws.readyState !== sub.ws.OPEN) return;
    sub.ws.send(
      stringify({ jsonrpc: '2.0', method: NOTIFICATION[sub.kind], params: { result, subscription: sub.id } }),
    );
  }

  private context(slot: bigint): JsonObject {
    return { slot };
  }

  private checkSignature(signature: string, commitment: Commitment | null): void {
    const status = this.chain.signatureStatus(signature);
    if (!status) return;
    for (const [id, s] of this.subs) {
      if (s.kind !== 'signature' || s.signature !== signature) continue;
      if (commitment !== null && s.commitment !== commitment) continue;
      if (!Chain.reached(status, s.commitment)) continue;
      this.notify(s, { context: this.context(status.slot), value: { err: status.err } });
      this.subs.delete(id);
    }
  }

  private onTransactions(records: readonly TxRecord[], commitment: Commitment): void {
    for (const rec of records) {
      for (const s of this.subs.values()) {
        if (s.kind !== 'logs' || s.commitment !== commitment) continue;
        if (s.mentions !== null && !rec.accountKeys.includes(s.mentions)) continue;
        this.notify(s, {
          context: this.context(rec.slot),
          value: { signature: rec.signature, err: rec.meta.err, logs: rec.meta.logMessages },
        });
      }
      this.checkSignature(rec.signature, commitment);
    }
  }

  private onAccounts(changed: Iterable<string>, commitment: Commitment, slot: bigint): void {
    const interested = [...this.subs.values()].filter(
      (s) => (s.kind === 'account' || s.kind === 'program') && s.commitment === commitment,
    );
    if (interested.length === 0) return;
    for (const address of changed) {
      const acc = this.chain.bank.account(address);
      for (const s of interested) {
        if (s.kind === 'account' && s.address === address) {
          const value = renderAccount(this.chain.bank, acc ?? EMPTY_ACCOUNT, s.render);
          this.notify(s, { context: this.context(slot), value });
        } else if (s.kind === 'program' && acc && acc.owner === s.program && matchesFilters(acc.data, s.filters)) {
          const value = { pubkey: address, account: renderAccount(this.chain.bank, acc, s.render) };
          this.notify(s, { context: this.context(slot), value });
        }
      }
    }
  }

  private onBlock(block: BlockRecord, changed: ReadonlySet<string>, commitment: Commitment): void {
    const records = block.signatures.flatMap((sig) => this.chain.ledger.transaction(sig) ?? []);
    this.onTransactions(records, commitment);
    this.onAccounts(changed, commitment, block.slot);
  }

  transaction(rec: TxRecord, writable: readonly string[]): void {
    this.onTransactions([rec], 'processed');
    this.onAccounts(writable, 'processed', rec.slot);
  }

  confirmed(block: BlockRecord, changed: ReadonlySet<string>): void {
    this.onBlock(block, changed, 'confirmed');
  }

  finalized(block: BlockRecord, changed: ReadonlySet<string>): void {
    this.onBlock(block, changed, 'finalized');
  }

  slot(info: { slot: bigint; parent: bigint; root: bigint }): void {
    for (const s of this.subs.values()) if (s.kind === 'slot') this.notify(s, info);
  }

  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
