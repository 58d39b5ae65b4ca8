/**
 * The live source: a `logsSubscribe` websocket on the program. Each notification triggers a
 * catch-up (`syncToTip`): the same listing, fetching and ingest path as the backfill, so live and
 * backfilled transactions get the same positions. Catch-ups never overlap; notifications during
 * one cause exactly one more. The socket reconnects with backoff, catching up on reconnect.
 */
export interface LiveOptions {
  wsUrl: string;
  programId: string;
  commitment?: 'confirmed' | 'finalized';
  /** Runs one catch-up. */
  catchUp: () => Promise<unknown>;
  /** A catch-up that failed (`stage` 'catch-up') or a websocket error ('websocket'; it reconnects). */
  onError?: (error: Error, stage: 'catch-up' | 'websocket') => void;
}

export interface LiveSource {
  /** Resolves when the subscription is confirmed by the server. */
  ready: Promise<void>;
  /** Resolves when no catch-up is running or pending. */
  idle(): Promise<void>;
  close(): void;
}

export function watchProgramLogs(o: LiveOptions): LiveSource {
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const trigger = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await o.catchUp();
        } catch (error) {
          o.onError?.(error instanceof Error ? error : new Error(String(error)), 'catch-up');
        }
      } while (again && !closed);
      running = null;
    })();
  };

  const connect = (): void => {
    if (closed) return;
    const ws = new WebSocket(o.wsUrl);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      ws.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'logsSubscribe',
          params: [{ mentions: [o.programId] }, { commitment: o.commitment ?? 'confirmed' }],
        }),
      );
    };
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { id?: number; result?: unknown; method?: string };
      if (data.id === 1 && data.result !== undefined) {
        markReady();
        trigger();
      } else if (data.method === 'logsNotification') trigger();
    };
    // An error event has at most a message; the close that follows reconnects.
    ws.onerror = (event) => {
      const detail = (event as { message?: unknown }).message;
      o.onError?.(
        new Error(`${o.wsUrl}: ${typeof detail === 'string' && detail ? detail : 'connection error'}`),
        'websocket',
      );
    };
    ws.onclose = () => {
      if (closed) return;
      setTimeout(connect, Math.min(30_000, 250 * 2 ** attempt++));
    };
  };
  connect();

  return {
    ready,
    async idle() {
      while (running) await running;
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
