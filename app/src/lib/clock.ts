// The cluster's clock, ticking in the browser: read from the chain (whose
// clock can be moved on the local chain), then advanced locally each second
// and re-read every 20 s.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { advanceLocalClock, chainTime } from './chain.js';

export function useChainNow(): number | undefined {
  const q = useQuery({
    queryKey: ['chain-time'],
    queryFn: async () => ({ chain: await chainTime(), local: Date.now() }),
    refetchInterval: 20_000,
    staleTime: 0,
  });
  const [tick, setTick] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!q.data) return undefined;
  return q.data.chain + Math.floor((tick - q.data.local) / 1000);
}

/** Local chain only: moves the chain's clock forward and refreshes what depends on it. */
export function useSkipTime(): (seconds: number) => Promise<void> {
  const client = useQueryClient();
  return async (seconds) => {
    await advanceLocalClock(Math.max(1, Math.ceil(seconds)));
    await client.invalidateQueries({ queryKey: ['chain-time'] });
  };
}
