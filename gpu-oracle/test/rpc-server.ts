// A minimal Solana JSON-RPC server over an in-process LiteSVM, so the oracle
// can run as a separate process (and be SIGKILLed) while the chain state
// lives on in the test. It serves what RpcChain and its polling sender use:
// getLatestBlockhash, sendTransaction, getSignatureStatuses, getTransaction,
// getAccountInfo, getProgramAccounts (dataSize/memcmp filters). Every sent
// transaction is recorded for the assertions.
import { createServer, type Server } from 'node:http';
import { ED25519_PROGRAM_ADDRESS } from '@modelmint/sdk';
import {
  type Address,
  getBase58Encoder,
  getCompiledTransactionMessageDecoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
} from '@solana/kit';
import { FailedTransactionMetadata, type LiteSVM } from 'litesvm';

export interface SentRecord {
  signature: string;
  ok: boolean;
  /** Program addresses of the transaction's instructions, in order. */
  programs: string[];
  /** Accounts of the transaction (static keys). */
  accounts: string[];
  logs: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class SvmRpcServer {
  readonly sent: SentRecord[] = [];
  private statuses = new Map<string, { err: Json; logs: string[]; cu: number }>();
  private server: Server | undefined;
  url = '';

  constructor(readonly svm: LiteSVM) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        let reply: Json;
        try {
          const msg = JSON.parse(body) as { id: Json; method: string; params?: Json[] };
          try {
            reply = { jsonrpc: '2.0', id: msg.id, result: this.handle(msg.method, msg.params ?? []) };
          } catch (e) {
            reply = { jsonrpc: '2.0', id: msg.id, error: { code: -32000, message: (e as Error).message } };
          }
        } catch {
          reply = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    return this.url;
  }

  close(): void {
    this.server?.close();
  }

  private ctx() {
    return { slot: Number(this.svm.getClock().slot) };
  }

  private account(address: Address): Json {
    const a = this.svm.getAccount(address);
    if (!a.exists) return null;
    return {
      data: [Buffer.from(a.data).toString('base64'), 'base64'],
      executable: a.executable,
      lamports: Number(a.lamports),
      owner: a.programAddress,
      rentEpoch: 0,
      space: a.data.length,
    };
  }

  private handle(method: string, params: Json[]): Json {
    switch (method) {
      case 'getLatestBlockhash':
        return {
          context: this.ctx(),
          value: { blockhash: this.svm.latestBlockhash(), lastValidBlockHeight: 1_000_000 },
        };
      case 'getAccountInfo':
        return { context: this.ctx(), value: this.account(params[0] as Address) };
      case 'getProgramAccounts': {
        const opts = (params[1] ?? {}) as {
          filters?: { dataSize?: number; memcmp?: { offset: number; bytes: string } }[];
        };
        const b58 = getBase58Encoder();
        return this.svm
          .getProgramAccounts(params[0] as Address)
          .filter((acc) =>
            (opts.filters ?? []).every((f) => {
              if (f.dataSize !== undefined) return acc.data.length === f.dataSize;
              const mc = f.memcmp;
              if (mc) {
                const want = b58.encode(mc.bytes);
                return want.every((b, i) => acc.data[mc.offset + i] === b);
              }
              return true;
            }),
          )
          .map((acc) => ({ pubkey: acc.address, account: this.account(acc.address) }));
      }
      case 'sendTransaction': {
        const wire = Buffer.from(params[0] as string, 'base64');
        const tx = getTransactionDecoder().decode(wire);
        const signature = getSignatureFromTransaction(tx);
        const msg = getCompiledTransactionMessageDecoder().decode(tx.messageBytes);
        if (!('instructions' in msg)) throw new Error('v1 transactions are not served');
        const programs = msg.instructions.map((ix) => msg.staticAccounts[ix.programAddressIndex] as string);
        const result = this.svm.sendTransaction(tx);
        this.svm.expireBlockhash();
        if (result instanceof FailedTransactionMetadata) {
          const logs = result.meta().logs();
          const inner = (result.err() as { err?: () => unknown }).err?.() as
            | { code?: number; index?: number }
            | undefined;
          const err: Json =
            inner && typeof inner.code === 'number'
              ? { InstructionError: [inner.index ?? programs.length - 1, { Custom: inner.code }] }
              : { InstructionError: [0, 'GenericError'] };
          this.statuses.set(signature, { err, logs, cu: 0 });
          this.sent.push({ signature, ok: false, programs, accounts: msg.staticAccounts as string[], logs });
        } else {
          const logs = result.logs();
          this.statuses.set(signature, { err: null, logs, cu: Number(result.computeUnitsConsumed()) });
          this.sent.push({ signature, ok: true, programs, accounts: msg.staticAccounts as string[], logs });
        }
        return signature;
      }
      case 'getSignatureStatuses': {
        const sigs = params[0] as string[];
        return {
          context: this.ctx(),
          value: sigs.map((s) => {
            const st = this.statuses.get(s);
            return st
              ? { slot: this.ctx().slot, confirmations: null, err: st.err, confirmationStatus: 'finalized' }
              : null;
          }),
        };
      }
      case 'getTransaction': {
        const st = this.statuses.get(params[0] as string);
        if (!st) return null;
        return {
          slot: this.ctx().slot,
          blockTime: null,
          meta: { err: st.err, logMessages: st.logs, computeUnitsConsumed: st.cu },
        };
      }
      default:
        throw new Error(`method ${method} not served by the test RPC`);
    }
  }

  /** Transactions that carried an Ed25519 verification and touched `job`: submit_result attempts. */
  submitAttempts(job: string): SentRecord[] {
    return this.sent.filter((s) => s.programs.includes(ED25519_PROGRAM_ADDRESS) && s.accounts.includes(job));
  }
}
