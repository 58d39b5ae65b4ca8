// Training: choose the dataset (validated here, every problem per file, before
// anything is paid), pick a preset, pay the fee; the oracle's progress is
// charted live; after the dispute window the job is settled, which publishes
// the trained weights as the model's next version.
import { requestTraining, settleJob } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, binder, Card, Notice, Select, StatusLine, TextField, TxError } from '../../components/ui.js';
import { config } from '../../config.js';
import { fetchProgramConfig, getChain } from '../../lib/chain.js';
import { useChainNow, useSkipTime } from '../../lib/clock.js';
import { browserDecode, type DatasetFile, type DatasetReport, validateDataset } from '../../lib/dataset.js';
import type { ModelRow } from '../../lib/indexer.js';
import { indexer } from '../../lib/indexer.js';
import { uploadBytes, uploadDirectory, uploadJson } from '../../lib/ipfs.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { formatDuration, shortAddress } from '../../lib/time.js';
import {
  BASES,
  formFromPreset,
  PRESETS,
  type PresetName,
  type TrainingForm,
  trainingConfig,
} from '../../lib/training-config.js';
import { FEE_MARGIN, useTransaction } from '../../lib/tx.js';
import { formatAmount, parseAmountInput, SOL } from '../../lib/units.js';
import TrainingProgress from './TrainingProgress.js';

type Category = 'caption' | 'generate' | 'style';

/** The numeric fields of the training config, as the form shows them. */
const NUMBER_FIELDS: [keyof TrainingForm, string, 'numeric' | 'decimal'][] = [
  ['epochs', 'Epochs', 'numeric'],
  ['learningRate', 'Learning rate', 'decimal'],
  ['batchSize', 'Batch size', 'numeric'],
  ['validationSplit', 'Validation split', 'decimal'],
  ['earlyStoppingPatience', 'Early-stopping patience', 'numeric'],
  ['loraRank', 'LoRA rank', 'numeric'],
  ['seed', 'Seed', 'numeric'],
];

function DatasetProblems({ report }: { report: DatasetReport }) {
  if (report.problems.length === 0) {
    return (
      <Notice tone="success">
        Dataset valid: {report.items} {report.kind === 'image' ? 'images' : 'records'} in {report.files} file
        {report.files === 1 ? '' : 's'}.
      </Notice>
    );
  }
  return (
    <div role="alert" className="rounded-md border border-red-400 bg-red-50 p-3 text-sm text-red-950">
      <p className="font-semibold">
        {report.problems.length} problem{report.problems.length === 1 ? '' : 's'} in the dataset: fix them before paying
        for training.
      </p>
      <table className="mt-2 w-full text-left text-xs">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Line</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody data-testid="dataset-problems">
          {report.problems.map((p) => (
            <tr key={`${p.file}:${p.line ?? ''}:${p.code}`}>
              <td className="font-mono">{p.file ?? '(dataset)'}</td>
              <td>{p.line ?? ''}</td>
              <td>
                {p.code}: {p.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TrainSection({ model: m }: { model: ModelRow }) {
  const category = (m.category ?? 'caption') as Category;
  const chain = getChain();
  const now = useChainNow();
  const [files, setFiles] = useState<DatasetFile[]>([]);
  const [report, setReport] = useState<DatasetReport | null>(null);
  const [form, setForm] = useState<TrainingForm>(formFromPreset('Beginner', BASES[category][0] ?? ''));
  const [fee, setFee] = useState('0.01');
  const [stage, setStage] = useState<string | null>(null);
  const train = useTransaction();
  const publish = useTransaction();
  const skip = useSkipTime();
  const owner = m.owner as string;
  const jobs = useQuery({
    queryKey: ['training-jobs', m.address],
    queryFn: async () =>
      (await indexer.jobs({ model: m.address, requester: owner, limit: '20' })).items.filter(
        (j) => j.kind === 'training',
      ),
  });
  const programConfig = useQuery({ queryKey: ['program-config'], queryFn: fetchProgramConfig, staleTime: 60_000 });
  const latest = jobs.data?.[0];
  useLiveInvalidate([latest?.address, m.address], [['training-jobs', m.address]]);
  const cfg = trainingConfig(form, category);
  const feeParsed = parseAmountInput(fee, SOL);
  const windowEnd = latest?.delivered_at
    ? Number(latest.delivered_at) + Number(programConfig.data?.disputeWindowSecs ?? 86_400n)
    : null;
  const canPublish = latest?.status === 'delivered' && windowEnd !== null && now !== undefined && now >= windowEnd;
  const training = latest && ['open', 'claimed'].includes(latest.status);

  const choose = async (list: FileList | null) => {
    const picked = await Promise.all(
      [...(list ?? [])].map(async (f) => ({
        path: (f as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/').slice(1).join('/') || f.name,
        bytes: new Uint8Array(await f.arrayBuffer()),
      })),
    );
    setFiles(picked);
    setReport(await validateDataset(category, picked, browserDecode));
  };

  const start = async () => {
    if (!report || report.problems.length || !cfg.ok || !feeParsed.ok) return;
    setStage('Uploading the dataset and the config…');
    let datasetCid: Uint8Array;
    let configCid: Uint8Array;
    try {
      const kept = files.filter((f) => !f.path.split('/').some((p) => p.startsWith('.')));
      const single = category === 'caption' && kept.length === 1 ? kept[0] : undefined;
      datasetCid = single
        ? await uploadBytes(single.bytes, single.path)
        : await uploadDirectory(
            kept.map((f) => ({ path: f.path, file: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) })),
            `${m.symbol ?? 'model'}-dataset`,
          );
      configCid = await uploadJson(cfg.config, `${m.symbol ?? 'model'}-config`);
    } catch (e) {
      setStage(`Upload failed: ${(e as Error).message}`);
      return;
    }
    setStage(null);
    await train.send({
      label: `Train ${m.name ?? 'the model'} (fee ${formatAmount(feeParsed.value)})`,
      needsLamports: feeParsed.value + FEE_MARGIN,
      run: (signer) =>
        requestTraining(chain.sender, {
          owner: signer,
          model: m.address as Address,
          datasetCid,
          configCid,
          fee: feeParsed.value,
          programAddress: chain.programAddress,
        }),
      invalidate: [['training-jobs', m.address]],
    });
  };

  const errors = cfg.ok ? {} : cfg.errors;
  const bind = binder(form, setForm, errors);
  return (
    <Card title="Train">
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">1. Dataset</h3>
          <p className="text-sm text-slate-700">
            {category === 'caption'
              ? 'JSONL or CSV files of records {"text": ...} or {"prompt": ..., "completion": ...}; at least 10 records.'
              : 'At least 10 JPEG, PNG or WebP images, each at most 5 MB.'}
          </p>
          <TextField label="Dataset files" type="file" multiple onChange={(e) => void choose(e.target.files)} />
          {report ? <DatasetProblems report={report} /> : null}
        </div>
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">2. Training config</h3>
          <div className="grid gap-3 md:grid-cols-3">
            <Select
              label="Preset"
              value={form.preset}
              onChange={(e) => setForm(formFromPreset(e.target.value as PresetName, form.base))}
              options={Object.keys(PRESETS).map((p) => ({ value: p, label: p }))}
            />
            <Select
              label="Base model"
              options={BASES[category].map((b) => ({ value: b, label: b }))}
              {...bind('base')}
            />
            {NUMBER_FIELDS.map(([key, label, mode]) => (
              <TextField key={key} label={label} inputMode={mode} {...bind(key)} />
            ))}
          </div>
        </div>
        <div className="flex flex-col gap-2">
          <h3 className="font-semibold">3. Pay the oracle and train</h3>
          <div className="w-48">
            <TextField
              label="Training fee (SOL)"
              inputMode="decimal"
              value={fee}
              onChange={(e) => setFee(e.target.value)}
              error={feeParsed.ok ? null : feeParsed.error}
            />
          </div>
          <p className="text-sm text-slate-700">
            The fee waits in escrow; it pays the oracle (less the platform fee) once the job settles, and comes back in
            full if training fails or times out.
          </p>
          <StatusLine text={stage} />
          <div>
            <Button
              busy={train.busy}
              disabled={!report || report.problems.length > 0 || !cfg.ok || !feeParsed.ok || Boolean(training)}
              onClick={() => void start()}
            >
              Upload and train
            </Button>
          </div>
          <TxError error={train.error} />
        </div>
        {latest ? (
          <div className="flex flex-col gap-3 border-t border-slate-200 pt-3">
            <h3 className="font-semibold">
              Latest training job{' '}
              <Link className="font-mono underline" to={`/jobs/${latest.address}`}>
                {shortAddress(latest.address)}
              </Link>
              : <span data-testid="training-job-status">{latest.status}</span>
            </h3>
            <TrainingProgress job={latest.address} />
            {latest.status === 'delivered' ? (
              <div className="flex flex-col gap-2">
                <p className="text-sm">
                  {canPublish
                    ? 'The dispute window has passed: settle the job to publish the weights as the next version.'
                    : windowEnd !== null && now !== undefined
                      ? `Trained. The weights can be published when the dispute window closes, in ${formatDuration(windowEnd - now)}.`
                      : 'Trained.'}
                </p>
                <div className="flex flex-wrap gap-2">
                  <Button
                    busy={publish.busy}
                    disabled={!canPublish}
                    onClick={() =>
                      void publish.send({
                        label: 'Publish the new version',
                        needsLamports: FEE_MARGIN,
                        run: (signer) =>
                          settleJob(chain.sender, {
                            payer: signer,
                            job: latest.address as Address,
                            programAddress: chain.programAddress,
                          }),
                        invalidate: [
                          ['training-jobs', m.address],
                          ['model', m.address],
                        ],
                      })
                    }
                  >
                    Publish version {Number(m.version_count) + 1}
                  </Button>
                  {config().localChain && !canPublish && windowEnd !== null && now !== undefined ? (
                    <Button variant="secondary" onClick={() => void skip(windowEnd - now + 1)}>
                      Local chain: skip the dispute window
                    </Button>
                  ) : null}
                </div>
                <TxError error={publish.error} />
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}
