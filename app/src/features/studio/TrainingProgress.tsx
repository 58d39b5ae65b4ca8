// Live training progress of a job: the oracle's signed reports (loss and
// validation loss per step, ETA) from the indexer, appended as they stream.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LineChart } from '../../components/LineChart.js';
import { Card, Loading } from '../../components/ui.js';
import { indexer, type ProgressRow } from '../../lib/indexer.js';
import { useLive } from '../../lib/live.js';
import { formatDuration } from '../../lib/time.js';

/** Chart points from progress reports: one per report, x = global step. */
export function progressSeries(rows: ProgressRow[]) {
  const x = rows.map((r) => r.step);
  return {
    x,
    loss: rows.map((r) => r.train_loss),
    val: rows.map((r) => r.val_loss),
  };
}

export default function TrainingProgress({ job }: { job: string }) {
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['progress', job], queryFn: () => indexer.progress(job) });
  useLive([job], (m) => {
    if (m.name !== 'TrainingProgress') return;
    const row = m.data.event?.data as ProgressRow | undefined;
    if (!row) return;
    client.setQueryData<{ items: ProgressRow[] }>(['progress', job], (old) => ({
      items: [...(old?.items ?? []).filter((r) => !(r.ts === row.ts && r.seq === row.seq)), row],
    }));
  });
  if (q.isPending) return <Loading what="training progress" />;
  const rows = q.data?.items ?? [];
  const last = rows.at(-1);
  const { x, loss, val } = progressSeries(rows);
  const fmt = (v: number | null | undefined) => (v == null ? '–' : v.toFixed(3));
  const summary = last
    ? `epoch ${last.epoch} of ${last.epochs}, step ${last.step} of ${last.steps_total}; loss ${fmt(last.train_loss)}, validation loss ${fmt(last.val_loss)}`
    : 'no report yet';
  return (
    <Card title="Training progress">
      <div className="flex flex-col gap-3">
        <p role="status" aria-live="polite" className="text-sm" data-testid="training-status">
          {last
            ? `${summary}${last.eta_secs != null ? `; about ${formatDuration(last.eta_secs)} left` : ''}`
            : 'Waiting for the oracle to start training…'}
        </p>
        {last ? (
          <progress className="w-full" max={last.steps_total || 1} value={last.step} aria-label="Training progress">
            {last.step} of {last.steps_total}
          </progress>
        ) : null}
        <LineChart
          title="Training loss and validation loss"
          x={x}
          xLabel="step"
          series={[
            { label: 'loss', color: '#4338ca', values: loss },
            { label: 'validation loss', color: '#b45309', values: val },
          ]}
          summary={summary}
        />
      </div>
    </Card>
  );
}
