// The arbiter console (loaded on demand): the disputes queue, oldest first,
// with the requester's reason and the delivered result; resolve with a refund
// share, previewed exactly as the program splits it.
import { resolveDispute } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Loading, Notice, TextField, TxError } from '../../components/ui.js';
import { fetchProgramConfig, getChain } from '../../lib/chain.js';
import { useChainNow } from '../../lib/clock.js';
import { type DisputeRow, indexer } from '../../lib/indexer.js';
import { fetchVerified } from '../../lib/ipfs.js';
import { formatDuration, formatTime, shortAddress } from '../../lib/time.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';
import { currencyOfMint, disputeOutcome, formatAmount, parsePercentBps } from '../../lib/units.js';
import { useWallet } from '../../wallet/signer.js';

function Reason({ cid }: { cid: string | null }) {
  const q = useQuery({
    queryKey: ['content', cid],
    queryFn: () => fetchVerified(String(cid)),
    enabled: Boolean(cid),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!cid) return <span>no reason given</span>;
  if (!q.data) return <span>loading the reason…</span>;
  const text = new TextDecoder().decode(q.data.bytes);
  try {
    const v = JSON.parse(text) as { reason?: unknown };
    return <q>{typeof v.reason === 'string' ? v.reason : text}</q>;
  } catch {
    return <q>{text}</q>;
  }
}

function DisputeItem({
  d,
  feeBps,
  isArbiter,
  now,
}: {
  d: DisputeRow;
  feeBps: number;
  isArbiter: boolean;
  now: number | undefined;
}) {
  // After its resolve-by time a dispute can no longer be resolved: anyone refunds it in full.
  const resolveBy = Number((d as { resolve_by?: unknown }).resolve_by ?? 0);
  const late = resolveBy > 0 && now !== undefined && now > resolveBy;
  const [percent, setPercent] = useState('100');
  const tx = useTransaction();
  const chain = getChain();
  const bps = parsePercentBps(percent);
  const escrow = BigInt(String(d.escrowed ?? '0'));
  const o = bps.ok ? disputeOutcome(escrow, bps.bps, feeBps) : null;
  const currency = currencyOfMint(d.mint);
  return (
    <li className="flex flex-col gap-2 rounded-md border border-slate-300 p-3" data-testid="dispute">
      <p className="text-sm">
        Job{' '}
        <Link className="font-mono underline" to={`/jobs/${d.job}`}>
          {shortAddress(d.job)}
        </Link>{' '}
        on model{' '}
        <Link className="font-mono underline" to={`/models/${String(d.model)}`}>
          {shortAddress(String(d.model))}
        </Link>{' '}
        · requester <span className="font-mono">{shortAddress(String(d.requester))}</span> · escrow{' '}
        {formatAmount(escrow, currency)} · opened {formatTime(String(d.opened_at ?? ''))}
      </p>
      <p className="text-sm">
        Reason: <Reason cid={(d.reason_cid as string | null) ?? null} />
      </p>
      {resolveBy > 0 ? (
        <p className="text-sm">
          {late
            ? 'Past its resolve-by time: it can only be refunded in full now (from the job page).'
            : `Decide by ${formatTime(resolveBy)}${now !== undefined ? ` (in ${formatDuration(resolveBy - now)})` : ''}.`}
        </p>
      ) : null}
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (!bps.ok) return;
          void tx.send({
            label: `Resolve: refund ${percent}%`,
            needsLamports: FEE_MARGIN,
            run: (signer) =>
              resolveDispute(chain.sender, {
                arbiter: signer,
                job: d.job as Address,
                refundBps: bps.bps,
                programAddress: chain.programAddress,
              }),
            invalidate: [['disputes']],
          });
        }}
      >
        <div className="w-40">
          <TextField
            label="Refund share (%)"
            inputMode="decimal"
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
            error={bps.ok ? null : bps.error}
          />
        </div>
        {o ? (
          <p className="text-sm text-slate-700">
            {formatAmount(o.refund, currency)} back to the requester, {formatAmount(o.creator, currency)} to the model's
            owner, {formatAmount(o.fee, currency)} fee.
          </p>
        ) : null}
        <Button type="submit" busy={tx.busy} disabled={!isArbiter || !bps.ok || late}>
          Resolve
        </Button>
      </form>
      <TxError error={tx.error} />
    </li>
  );
}

export default function ArbiterPage() {
  const wallet = useWallet();
  const now = useChainNow();
  const programConfig = useQuery({ queryKey: ['program-config'], queryFn: fetchProgramConfig, staleTime: 60_000 });
  // No SSE key names every dispute: the queue is refreshed every few seconds.
  const open = useQuery({
    queryKey: ['disputes', 'open'],
    queryFn: () => indexer.disputes('open'),
    refetchInterval: 3_000,
  });
  const resolved = useQuery({
    queryKey: ['disputes', 'resolved'],
    queryFn: () => indexer.disputes('resolved'),
    refetchInterval: 10_000,
  });
  const arbiter = programConfig.data?.arbiter;
  const me = wallet.status === 'ready' ? wallet.address : undefined;
  const isArbiter = me !== undefined && me === arbiter;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Arbiter console</h1>
      {arbiter && !isArbiter ? (
        <Notice tone="warning">
          Only the arbiter ({shortAddress(arbiter)}) can resolve disputes
          {me ? `; the connected wallet is ${shortAddress(me)}` : '; connect its wallet'}.
        </Notice>
      ) : null}
      <Card title="Open disputes">
        {open.isPending ? <Loading what="disputes" /> : null}
        {open.data?.items.length === 0 ? <p className="text-sm">No open dispute.</p> : null}
        <ul className="flex flex-col gap-3">
          {open.data?.items.map((d) => (
            <DisputeItem
              key={d.job}
              d={d}
              feeBps={programConfig.data?.feeBps ?? 1000}
              isArbiter={isArbiter}
              now={now}
            />
          ))}
        </ul>
      </Card>
      <Card title="Resolved">
        {resolved.data?.items.length === 0 ? <p className="text-sm">None yet.</p> : null}
        <ul className="flex flex-col gap-1 text-sm">
          {resolved.data?.items.map((d) => (
            <li key={d.job}>
              <Link className="font-mono underline" to={`/jobs/${d.job}`}>
                {shortAddress(d.job)}
              </Link>{' '}
              refunded {Number(d.refund_bps ?? 0) / 100}% (
              {formatAmount(String(d.refunded ?? '0'), currencyOfMint(d.mint))}) ·{' '}
              {formatTime(String(d.resolved_at ?? ''))}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
