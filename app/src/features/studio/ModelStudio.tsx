// One model in the studio: training (dataset, config, live progress,
// publish), pricing and visibility, the allowlist, revenue and withdrawal.
// Only the asset's holder can act; others see why.
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Badge, Loading, Notice } from '../../components/ui.js';
import { indexer } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { shortAddress } from '../../lib/time.js';
import { useWalletAddress } from '../../wallet/signer.js';
import { AllowlistSection } from './AllowlistSection.js';
import { PricingSection } from './PricingSection.js';
import { RevenueSection } from './RevenueSection.js';
import { TrainSection } from './TrainSection.js';

export function ModelStudio() {
  const { address = '' } = useParams();
  const wallet = useWalletAddress();
  const detail = useQuery({
    queryKey: ['model', address],
    queryFn: () => indexer.model(address),
    // The indexer fetches a new model's card from IPFS shortly after it is created (no event says so).
    refetchInterval: (q) => (q.state.data && !q.state.data.model.name ? 2_000 : false),
  });
  useLiveInvalidate([address], [['model', address]]);
  if (detail.isPending) return <Loading what="the model" />;
  if (detail.isError) return <Notice tone="error">This model could not be loaded: {detail.error.message}</Notice>;
  const m = detail.data.model;
  const holder = wallet !== undefined && wallet === m.owner;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <p className="text-sm">
          <Link className="underline" to="/studio">
            Creator studio
          </Link>{' '}
          / {m.name ?? shortAddress(m.address)}
        </p>
        <h1 className="text-2xl font-bold">{m.name ?? shortAddress(m.address)}</h1>
        <div className="mt-1 flex flex-wrap gap-1">
          <Badge tone="indigo">{m.category}</Badge>
          <Badge>status: {m.status}</Badge>
          <Badge>version {m.current_version}</Badge>
          <Badge tone={m.visibility === 'allowlist' ? 'amber' : 'slate'}>{m.visibility}</Badge>
          <Link className="text-sm underline" to={`/models/${m.address}`}>
            Marketplace page
          </Link>
        </div>
      </div>
      {!holder ? (
        <Notice tone="warning" title="You do not hold this model">
          Only the wallet holding the model's asset ({shortAddress(m.owner)}) can train, price, allowlist or withdraw.
        </Notice>
      ) : (
        <>
          <TrainSection model={m} />
          <PricingSection model={m} />
          <AllowlistSection model={m} />
          <RevenueSection model={m} />
        </>
      )}
    </div>
  );
}
