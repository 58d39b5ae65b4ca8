import { Link } from 'react-router';
import { Badge } from '../../components/ui.js';
import type { ModelSummary } from '../../lib/indexer.js';
import { shortAddress } from '../../lib/time.js';
import { currencyOf, formatAmount } from '../../lib/units.js';

export function ratingOf(m: { rating_sum: string; rating_count: string }): string {
  const n = Number(m.rating_count);
  return n === 0 ? 'no ratings' : `${(Number(m.rating_sum) / n).toFixed(1)} / 5 (${n})`;
}

export function ModelCard({ m }: { m: ModelSummary }) {
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
      <h2 className="text-base font-semibold">
        <Link to={`/models/${m.address}`} className="text-indigo-900 underline-offset-2 hover:underline">
          {m.name ?? shortAddress(m.address)}
        </Link>
      </h2>
      <div className="flex flex-wrap gap-1">
        {m.category ? <Badge tone="indigo">{m.category}</Badge> : null}
        {m.visibility === 'allowlist' ? <Badge tone="amber">allowlist only</Badge> : null}
        {m.status && m.status !== 'ready' ? <Badge>{m.status}</Badge> : null}
      </div>
      {m.description ? <p className="line-clamp-2 text-sm text-slate-700">{m.description}</p> : null}
      <dl className="mt-auto grid grid-cols-3 gap-2 text-xs">
        <div>
          <dt className="text-slate-600">Per use</dt>
          <dd className="font-medium">{formatAmount(m.price_per_use, currencyOf(m))}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Uses</dt>
          <dd className="font-medium">{m.uses}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Rating</dt>
          <dd className="font-medium">{ratingOf(m)}</dd>
        </div>
      </dl>
    </li>
  );
}
