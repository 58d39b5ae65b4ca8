// Revenue over time (the indexer's payments ledger, by day) and withdrawal of
// what the model holds for its owner.
import { withdrawRevenue } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LineChart } from '../../components/LineChart.js';
import { Button, Card, Select, Stat, TxError } from '../../components/ui.js';
import { getChain } from '../../lib/chain.js';
import type { ModelRow } from '../../lib/indexer.js';
import { indexer } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';
import { currencyOf, formatAmount } from '../../lib/units.js';

/** Lamports a SOL model holds above its rent: its withdrawable revenue. */
async function withdrawableSol(model: Address): Promise<bigint> {
  const { rpc } = getChain();
  const { value } = await rpc.getAccountInfo(model, { encoding: 'base64', commitment: 'confirmed' }).send();
  if (!value) return 0n;
  const size = BigInt(atob(value.data[0]).length);
  const rent = await rpc.getMinimumBalanceForRentExemption(size).send();
  return value.lamports > rent ? value.lamports - rent : 0n;
}

export function RevenueSection({ model: m }: { model: ModelRow }) {
  const [bucket, setBucket] = useState<'hour' | 'day' | 'week' | 'month'>('day');
  const currency = currencyOf(m);
  const revenue = useQuery({
    queryKey: ['revenue', m.address, bucket],
    queryFn: () => indexer.revenue(m.address, bucket),
  });
  const withdrawable = useQuery({
    queryKey: ['withdrawable', m.address],
    queryFn: () => withdrawableSol(m.address as Address),
    enabled: currency.mint === null,
  });
  useLiveInvalidate(
    [m.address],
    [
      ['revenue', m.address],
      ['withdrawable', m.address],
    ],
  );
  const tx = useTransaction();
  const chain = getChain();
  const items = revenue.data?.items ?? [];
  const creatorTotal = items.reduce((n, b) => n + BigInt(b.creator), 0n);
  const units = (v: string) => Number(v) / 10 ** currency.decimals;
  return (
    <Card title="Revenue">
      <div className="flex flex-col gap-4">
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Stat label="Gross (all time)" value={formatAmount(m.gross_revenue, currency)} />
          <Stat label="Your share in this view" value={formatAmount(creatorTotal, currency)} />
          <Stat label="Withdrawn" value={formatAmount(m.withdrawn, currency)} />
          <Stat
            label="Withdrawable now"
            value={currency.mint === null ? formatAmount(withdrawable.data ?? null, currency) : 'see the vault'}
          />
        </dl>
        <div className="w-40">
          <Select
            label="Group by"
            value={bucket}
            onChange={(e) => setBucket(e.target.value as typeof bucket)}
            options={[
              { value: 'hour', label: 'Hour' },
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
              { value: 'month', label: 'Month' },
            ]}
          />
        </div>
        {items.length ? (
          <LineChart
            title="Revenue over time"
            x={items.map((b) => Number(b.start))}
            xTime
            xLabel="time"
            formatX={(v) => new Date(v * 1000).toLocaleString()}
            format={(v) => v.toString()}
            series={[
              { label: `gross (${currency.symbol})`, color: '#4338ca', values: items.map((b) => units(b.gross)) },
              {
                label: `your share (${currency.symbol})`,
                color: '#15803d',
                values: items.map((b) => units(b.creator)),
              },
            ]}
            summary={`${items.length} ${bucket}${items.length === 1 ? '' : 's'} with payments; your share ${formatAmount(creatorTotal, currency)}`}
          />
        ) : (
          <p className="text-sm">No paid use yet.</p>
        )}
        <div>
          <Button
            busy={tx.busy}
            disabled={currency.mint === null && (withdrawable.data ?? 0n) === 0n}
            onClick={() =>
              void tx.send({
                label: `Withdraw ${currency.mint === null ? formatAmount(withdrawable.data ?? 0n, currency) : 'revenue'}`,
                needsLamports: FEE_MARGIN,
                run: (signer) =>
                  withdrawRevenue(chain.sender, {
                    owner: signer,
                    model: m.address as Address,
                    programAddress: chain.programAddress,
                  }),
                invalidate: [
                  ['withdrawable', m.address],
                  ['model', m.address],
                ],
              })
            }
          >
            Withdraw to my wallet
          </Button>
        </div>
        <TxError error={tx.error} />
      </div>
    </Card>
  );
}
