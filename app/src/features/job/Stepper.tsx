// Requested -> Claimed -> Result delivered -> Dispute window -> Settled /
// Refunded / Disputed, with each step's state in words (not colour only) and
// changes announced politely.
import type { JobRow } from '../../lib/indexer.js';
import { formatDuration } from '../../lib/time.js';

/** The share of the escrow a resolved dispute refunded, in percent (two decimals). */
export function refundedPercent(j: { escrowed: string | null; refunded?: unknown }): number {
  const escrowed = BigInt(j.escrowed ?? '0');
  if (escrowed === 0n) return 0;
  return Number((BigInt(String(j.refunded ?? '0')) * 10_000n) / escrowed) / 100;
}

type StepState = 'done' | 'current' | 'todo' | 'failed';

export function jobSteps(
  j: Pick<JobRow, 'status' | 'timeline' | 'delivered_at'>,
  now: number | undefined,
  windowEnd: number | null,
) {
  const events = new Set(j.timeline.map((t) => t.event));
  const s = j.status;
  const claimed = events.has('JobClaimed') || ['claimed', 'delivered', 'disputed', 'settled'].includes(s);
  const delivered = Boolean(j.delivered_at && j.delivered_at !== '0') || events.has('ResultSubmitted');
  const resolved = events.has('DisputeResolved');
  const finalLabel =
    s === 'refunded' ? 'Refunded' : s === 'disputed' ? 'Disputed' : resolved ? 'Resolved by the arbiter' : 'Settled';
  const windowOpen = s === 'delivered' && windowEnd !== null && now !== undefined && now < windowEnd;
  const steps: { label: string; state: StepState; note?: string }[] = [
    { label: 'Requested', state: 'done' },
    {
      label: 'Claimed by an oracle',
      state: claimed ? 'done' : s === 'open' ? 'current' : s === 'refunded' ? 'failed' : 'todo',
    },
    {
      label: 'Result delivered',
      state: delivered ? 'done' : s === 'claimed' ? 'current' : s === 'refunded' ? 'failed' : 'todo',
    },
    {
      label: 'Dispute window',
      state:
        s === 'delivered'
          ? windowOpen
            ? 'current'
            : 'done'
          : ['settled', 'disputed'].includes(s) || events.has('JobDisputed')
            ? 'done'
            : 'todo',
      ...(windowOpen && windowEnd !== null && now !== undefined
        ? { note: `closes in ${formatDuration(windowEnd - now)}` }
        : {}),
    },
    {
      label: finalLabel,
      state: s === 'settled' || s === 'refunded' ? 'done' : s === 'disputed' ? 'current' : 'todo',
    },
  ];
  return steps;
}

const WORDS: Record<StepState, string> = {
  done: 'done',
  current: 'in progress',
  todo: 'not yet',
  failed: 'did not happen',
};
const MARK: Record<StepState, string> = { done: '✓', current: '…', todo: '○', failed: '✕' };

export function Stepper({ job, now, windowEnd }: { job: JobRow; now: number | undefined; windowEnd: number | null }) {
  const steps = jobSteps(job, now, windowEnd);
  return (
    <div>
      <p role="status" aria-live="polite" className="mb-2 text-lg font-semibold" data-testid="job-status">
        Status: {job.status}
        {job.outcome === 'resolved' ? `, the arbiter refunded ${refundedPercent(job)}%` : ''}
      </p>
      <ol className="grid gap-2 sm:grid-cols-5">
        {steps.map((s) => (
          <li
            key={s.label}
            className={`rounded-md border p-2 text-sm ${s.state === 'done' ? 'border-green-400 bg-green-50' : s.state === 'current' ? 'border-indigo-400 bg-indigo-50' : s.state === 'failed' ? 'border-red-300 bg-red-50' : 'border-slate-300 bg-white'}`}
          >
            <span aria-hidden="true" className="mr-1">
              {MARK[s.state]}
            </span>
            <span className="font-medium">{s.label}</span>
            <span className="block text-xs text-slate-700">
              {WORDS[s.state]}
              {s.note ? `, ${s.note}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
