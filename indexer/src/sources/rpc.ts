/** A minimal Solana JSON-RPC client over fetch (what the sources and reconciliation need). */
export interface RpcClient {
  call<T>(method: string, params: unknown[]): Promise<T>;
}

export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (${code})`);
    this.name = 'RpcError';
  }
}

/** JSON-RPC over HTTP, with a few retries on network errors and 429/5xx. */
export function httpRpc(url: string, options: { retries?: number; fetch?: typeof fetch } = {}): RpcClient {
  const doFetch = options.fetch ?? fetch;
  let id = 0;
  return {
    async call<T>(method: string, params: unknown[]): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await doFetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
            signal: AbortSignal.timeout(30_000),
          });
          if (res.status === 429 || res.status >= 500) throw new Error(`HTTP ${res.status}`);
          const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
          if (body.error) throw new RpcError(method, body.error.code, body.error.message);
          return body.result as T;
        } catch (error) {
          if (error instanceof RpcError || attempt >= (options.retries ?? 3)) throw error;
          await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
    },
  };
}

/** `getSignaturesForAddress` items. */
export interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
  blockTime?: number | null;
}
