// A model: its card, prices, versions, figures and ratings, and the ways to
// pay for it. Follows the model's events live.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Badge, Card, Loading, Notice, Stat } from '../../components/ui.js';
import { explorerAddress } from '../../config.js';
import { indexer } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { formatDuration, formatTime, shortAddress } from '../../lib/time.js';
import { currencyOf, formatAmount } from '../../lib/units.js';
import { ratingOf } from '../browse/ModelCard.js';
import { PayPanel } from './PayPanel.js';

export default function ModelPage() {
  const { address = '' } = useParams();
  const detail = useQuery({
    queryKey: ['model', address],
    queryFn: () => indexer.model(address),
    // The indexer fetches a new model's card from IPFS shortly after it is created (no event says so).
    refetchInterval: (q) => (q.state.data && !q.state.data.model.name ? 2_000 : false),
  });
  const stats = useQuery({ queryKey: ['model-stats', address], queryFn: () => indexer.stats(address) });
  const ratings = useQuery({ queryKey: ['model-ratings', address], queryFn: () => indexer.ratings(address) });
  useLiveInvalidate(
    [address],
    [
      ['model', address],
      ['model-stats', address],
      ['model-ratings', address],
    ],
  );
  if (detail.isPending) return <Loading what="the model" />;
  if (detail.isError) return <Notice tone="error">This model could not be loaded: {detail.error.message}</Notice>;
  const { model: m, versions } = detail.data;
  const currency = currencyOf(m);
  const s = stats.data;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-bold">{m.name ?? shortAddress(m.address)}</h1>
        <div className="flex flex-wrap gap-1">
          {m.category ? <Badge tone="indigo">{m.category}</Badge> : null}
          <Badge tone={m.visibility === 'allowlist' ? 'amber' : 'slate'}>
            {m.visibility === 'allowlist' ? 'allowlist only' : 'public'}
          </Badge>
          <Badge tone={m.status === 'ready' ? 'green' : 'slate'}>status: {m.status ?? 'unknown'}</Badge>
          {[...new Set(m.tags)].map((t) => (
            <Badge key={t}>#{t}</Badge>
          ))}
        </div>
        {m.description ? <p className="max-w-3xl text-slate-800">{m.description}</p> : null}
        <p className="text-sm text-slate-700">
          Model{' '}
          <a className="font-mono underline" href={explorerAddress(m.address)} target="_blank" rel="noreferrer">
            {shortAddress(m.address)}
          </a>{' '}
          · owner <span className="font-mono">{shortAddress(m.owner)}</span> · creator{' '}
          <span className="font-mono">{shortAddress(m.creator)}</span> · card{' '}
          <span className="font-mono">{m.card_cid ? shortAddress(m.card_cid) : '–'}</span>
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <PayPanel model={m} />
          <Card title="Versions">
            {versions.length === 0 ? (
              <p className="text-sm">No version yet: the model has not been trained.</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-slate-300">
                    <th scope="col" className="py-1">
                      Version
                    </th>
                    <th scope="col">Weights CID</th>
                    <th scope="col">Published</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.version} className="border-b border-slate-200">
                      <td className="py-1">
                        v{v.version}
                        {v.version === m.current_version ? ' (current)' : ''}
                      </td>
                      <td className="font-mono text-xs break-all">{v.weights_cid ?? '–'}</td>
                      <td>{formatTime(v.created_at)}</td>
                      <td>{v.yanked ? <Badge tone="red">yanked</Badge> : <Badge tone="green">available</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Figures">
            <dl className="grid grid-cols-2 gap-3">
              <Stat label="Uses" value={s?.uses ?? m.uses} />
              <Stat label="Revenue (gross)" value={formatAmount(s?.gross_revenue ?? m.gross_revenue, currency)} />
              <Stat label="Rating" value={ratingOf(m)} />
              <Stat
                label="Success rate"
                value={s?.success_rate == null ? '–' : `${Math.round(s.success_rate * 100)} %`}
              />
              <Stat
                label="Avg response time"
                value={s?.avg_response_secs == null ? '–' : formatDuration(s.avg_response_secs)}
              />
              <Stat label="Jobs open" value={s?.open ?? '–'} />
            </dl>
          </Card>
          <Card title="Ratings">
            {ratings.data ? (
              <>
                <ul className="flex flex-col gap-1 text-sm" aria-label="Ratings by stars">
                  {[...ratings.data.histogram].reverse().map((h) => (
                    <li key={h.stars} className="flex items-center gap-2">
                      <span className="w-16">{h.stars} stars</span>
                      <span
                        aria-hidden="true"
                        className="h-2 rounded bg-indigo-600"
                        style={{ width: `${Math.min(100, Number(h.count) * 10)}%` }}
                      />
                      <span>{h.count}</span>
                    </li>
                  ))}
                </ul>
                {ratings.data.latest.length ? (
                  <ul className="mt-3 flex flex-col gap-1 text-xs">
                    {ratings.data.latest.map((r) => (
                      <li key={r.job}>
                        {r.rating}/5 by <span className="font-mono">{shortAddress(r.rater)}</span> ·{' '}
                        {formatTime(r.rated_at)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-2 text-sm">Not rated yet.</p>
                )}
              </>
            ) : (
              <Loading what="ratings" />
            )}
          </Card>
          <Card title="Prices">
            <dl className="grid grid-cols-1 gap-2">
              <Stat label="Per use" value={formatAmount(m.price_per_use, currency)} />
              <Stat
                label="Monthly subscription"
                value={m.subscription_price === '0' ? 'not offered' : formatAmount(m.subscription_price, currency)}
              />
              <Stat
                label="Bulk pass"
                value={
                  m.pass_size === '0'
                    ? 'not offered'
                    : `${m.pass_size} uses for ${formatAmount(m.pass_price, currency)}`
                }
              />
            </dl>
          </Card>
        </div>
      </div>
    </div>
  );
}
