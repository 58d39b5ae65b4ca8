// Live updates from the indexer's server-sent events: every committed event
// (and signed training progress) concerning the given keys invalidates the
// queries that show them, so a page follows the chain without polling.
import { MODELMINT_IDL } from '@modelmint/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

export interface LiveMessage {
  name: string;
  data: { slot?: string; keys?: string[]; event?: { name: string; data: unknown } };
}

/** Opens `/api/stream?keys=...` while mounted; `onMessage` sees every event. */
export function useLive(keys: (string | null | undefined)[], onMessage: (m: LiveMessage) => void): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const list = keys.filter((k): k is string => Boolean(k)).join(',');
  useEffect(() => {
    if (!list) return;
    const source = new EventSource(`/api/stream?keys=${encodeURIComponent(list)}`);
    const listener = (e: MessageEvent<string>) => {
      try {
        handler.current({ name: e.type, data: JSON.parse(e.data) as LiveMessage['data'] });
      } catch {
        // a malformed message is skipped; the next refetch corrects the page
      }
    };
    // SSE messages are named after the program's events; listen to all of them.
    for (const name of EVENT_NAMES) source.addEventListener(name, listener);
    return () => source.close();
  }, [list]);
}

/** Invalidates `queryKeys` on any live event about `keys`. */
export function useLiveInvalidate(keys: (string | null | undefined)[], queryKeys: unknown[][]): void {
  const client = useQueryClient();
  const latest = useRef(queryKeys);
  latest.current = queryKeys;
  useLive(keys, () => {
    for (const queryKey of latest.current) void client.invalidateQueries({ queryKey });
  });
}

/** Every event the stream can name: the program's (from the IDL) and the oracle's training progress. */
const EVENT_NAMES = [...MODELMINT_IDL.events.map((e) => e.name), 'TrainingProgress'];
