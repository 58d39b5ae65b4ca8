// A job, live: its status from the indexer's event stream, the result fetched
// by CID and checked against the hash the chain holds, and what can be done
// next (dispute inside the window, settle after it, rate, refund after the
// deadline).
import { cidToString, fetchJobAccount } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { Badge, Card, Loading, Notice, Stat } from '../../components/ui.js';
import { explorerAddress } from '../../config.js';
import { fetchProgramConfig, getChain } from '../../lib/chain.js';
import { useChainNow } from '../../lib/clock.js';
import { indexer, type JobRow } from '../../lib/indexer.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { formatTime, shortAddress } from '../../lib/time.js';
import { currencyOfMint, formatAmount } from '../../lib/units.js';
import { JobActions } from './JobActions.js';
import { JobResult } from './JobResult.js';
import { Stepper } from './Stepper.js';

const TrainingProgress = lazy(() => import('../studio/TrainingProgress.js'));

/** The on-chain result CID of a job, as a `b…` string (null: none yet; undefined: the account is closed). */
async function onChainResult(job: string): Promise<string | null | undefined> {
  try {
    const j = await fetchJobAccount(getChain().sender, job as Address);
    const cid = new Uint8Array(j.resultCid);
    return cid.every((b) => b === 0) ? null : cidToString(cid);
  } catch {
    return undefined;
  }
}

export default function JobPage() {
  const { address = '' } = useParams();
  const job = useQuery({ queryKey: ['job', address], queryFn: () => indexer.job(address) });
  const programConfig = useQuery({ queryKey: ['program-config'], queryFn: fetchProgramConfig, staleTime: 60_000 });
  const now = useChainNow();
  useLiveInvalidate([address], [['job', address]]);
  const chainResult = useQuery({
    queryKey: ['job-chain-result', address, job.data?.result_cid ?? null],
    queryFn: () => onChainResult(address),
    enabled: Boolean(job.data?.result_cid),
  });
  if (job.isPending) return <Loading what="the job" />;
  if (job.isError) return <Notice tone="error">This job could not be loaded: {job.error.message}</Notice>;
  const j: JobRow = job.data;
  const windowSecs = Number(programConfig.data?.disputeWindowSecs ?? 86_400n);
  const windowEnd = j.delivered_at ? Number(j.delivered_at) + windowSecs : null;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">
          {j.kind === 'training' ? 'Training job' : 'Generation job'}{' '}
          <span className="font-mono text-lg">{shortAddress(j.address)}</span>
        </h1>
        <p className="text-sm text-slate-700">
          Model{' '}
          <Link className="underline" to={`/models/${j.model}`}>
            {shortAddress(j.model)}
          </Link>{' '}
          · requested by <span className="font-mono">{shortAddress(j.requester)}</span> ·{' '}
          <a className="underline" href={explorerAddress(j.address)} target="_blank" rel="noreferrer">
            explorer
          </a>
        </p>
      </div>
      <Stepper job={j} now={now} windowEnd={windowEnd} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          {j.kind === 'training' ? (
            <Suspense fallback={<Loading what="training progress" />}>
              <TrainingProgress job={j.address} />
            </Suspense>
          ) : null}
          <JobResult job={j} chainResult={chainResult.data} />
          <JobActions job={j} now={now} windowEnd={windowEnd} />
        </div>
        <Card title="Details">
          <dl className="grid grid-cols-1 gap-2">
            <Stat
              label="Status"
              value={
                <Badge
                  tone={
                    j.status === 'settled'
                      ? 'green'
                      : j.status === 'refunded' || j.status === 'disputed'
                        ? 'amber'
                        : 'indigo'
                  }
                >
                  {j.status}
                </Badge>
              }
            />
            <Stat
              label="Paid"
              value={`${formatAmount(j.escrowed, currencyOfMint(j.mint))}${j.mode ? ` (${j.mode.replace('_', ' ')})` : ''}`}
            />
            <Stat label="Requested" value={formatTime(j.created_at)} />
            <Stat label="Deadline" value={formatTime(j.deadline)} />
            <Stat label="Delivered" value={formatTime(j.delivered_at)} />
            <Stat label="Oracle" value={<span className="font-mono text-sm">{shortAddress(j.oracle)}</span>} />
          </dl>
          <h3 className="mt-4 font-semibold">Timeline</h3>
          <ol className="mt-1 flex flex-col gap-1 text-sm">
            {j.timeline.map((t) => (
              <li key={`${t.signature}:${t.event_index}`}>
                {t.event} · {formatTime(t.block_time)}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </div>
  );
}
