import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge, Card, Loading } from '../../components/ui.js';
import { indexer } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { shortAddress } from '../../lib/time.js';
import { currencyOf, formatAmount } from '../../lib/units.js';
import { useWalletAddress } from '../../wallet/signer.js';

export function MyModels() {
  const wallet = useWalletAddress();
  const models = useQuery({
    queryKey: ['my-models', wallet],
    queryFn: () => indexer.models({ owner: wallet as string, sort: 'newest', limit: '100' }),
    enabled: Boolean(wallet),
  });
  useLiveInvalidate([wallet], [['my-models', wallet]]);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">Creator studio</h1>
        <Link
          to="/studio/new"
          className="rounded-md bg-indigo-700 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-800"
        >
          Create a model
        </Link>
      </div>
      <Card title="Your models">
        {models.isPending ? <Loading what="your models" /> : null}
        {models.data?.items.length === 0 ? <p className="text-sm">You hold no model yet.</p> : null}
        <ul className="flex flex-col divide-y divide-slate-200">
          {models.data?.items.map((m) => (
            <li key={m.address} className="flex flex-wrap items-center gap-3 py-2">
              <Link className="font-medium text-indigo-900 underline" to={`/studio/${m.address}`}>
                {m.name ?? shortAddress(m.address)}
              </Link>
              <Badge>{m.status ?? '?'}</Badge>
              {m.visibility === 'allowlist' ? <Badge tone="amber">allowlist</Badge> : null}
              <span className="text-sm text-slate-700">
                {m.uses} uses · revenue {formatAmount(m.gross_revenue, currencyOf(m))}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
