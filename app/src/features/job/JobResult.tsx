// The result, fetched by its CID and checked in the browser: the CID the
// indexer reports must be the one the job account holds on chain, the bytes'
// sha256 must be the digest inside that CID, and the oracle's Ed25519
// attestation in the submit_result transaction must be by its registered key
// over this job's fields (the SDK's verifyJob, without a re-run).
import { rpcJobHistory, verifyJob } from '@modelmint/sdk';
import type { Address } from '@solana/kit';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Badge, Card, Loading, Notice } from '../../components/ui.js';
import { getChain } from '../../lib/chain.js';
import { imageTypeOf, isPng } from '../../lib/image.js';
import type { JobRow } from '../../lib/indexer.js';
import { fetchVerified } from '../../lib/ipfs.js';

function promptOf(bytes: Uint8Array | undefined): string | null {
  if (!bytes) return null;
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as { prompt?: unknown };
    return typeof v.prompt === 'string' ? v.prompt : null;
  } catch {
    return null;
  }
}

function ImageResult({ bytes, alt, testId }: { bytes: Uint8Array; alt: string; testId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const type = imageTypeOf(bytes) ?? 'image/png';
    const u = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [bytes]);
  return url ? (
    <img
      src={url}
      alt={alt}
      data-testid={testId}
      className="size-48 rounded border border-slate-300 [image-rendering:pixelated]"
    />
  ) : null;
}

export function JobResult({ job, chainResult }: { job: JobRow; chainResult: string | null | undefined }) {
  const cid = job.result_cid;
  const input = useQuery({
    queryKey: ['content', job.input_cid],
    queryFn: () => fetchVerified(String(job.input_cid)),
    enabled: Boolean(job.input_cid) && job.kind === 'inference',
    staleTime: Number.POSITIVE_INFINITY,
  });
  const result = useQuery({
    queryKey: ['content', cid],
    queryFn: () => fetchVerified(String(cid)),
    enabled: Boolean(cid) && job.kind === 'inference',
    staleTime: Number.POSITIVE_INFINITY,
  });
  const prompt = promptOf(input.data?.bytes);
  // A style job's input is the image itself: shown beside its result.
  const inputImage = input.data && imageTypeOf(input.data.bytes) ? input.data.bytes : null;
  const attestation = useQuery({
    queryKey: ['attestation', job.address, cid],
    queryFn: async () => {
      const chain = getChain();
      const report = await verifyJob(job.address as Address, {
        sender: chain.sender,
        history: rpcJobHistory(chain.rpc),
        ...(chain.programAddress ? { programAddress: chain.programAddress } : {}),
      });
      return report.steps.find((s) => s.step === 'attestation') ?? null;
    },
    enabled: Boolean(cid) && !job.closed,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  if (job.kind === 'training') {
    return cid ? (
      <Card title="Trained weights">
        <p className="text-sm">
          Weights directory <span className="font-mono break-all">{cid}</span>; it becomes the model's new version when
          the job settles.
        </p>
      </Card>
    ) : null;
  }
  const chainMatches = chainResult === undefined ? null : chainResult === cid;
  return (
    <Card title="Result">
      {prompt ? (
        <p className="mb-2 text-sm">
          Prompt: <q>{prompt}</q>
        </p>
      ) : null}
      {!cid ? (
        <p className="text-sm">
          {job.status === 'refunded' ? 'No result: the job was refunded.' : 'Waiting for the oracle…'}
        </p>
      ) : result.isPending ? (
        <Loading what="the result" />
      ) : result.isError ? (
        <Notice tone="error">The result could not be fetched: {result.error.message}</Notice>
      ) : (
        <div className="flex flex-col gap-3">
          {isPng(result.data.bytes) ? (
            <div className="flex flex-wrap items-end gap-4">
              {inputImage ? (
                <figure className="flex flex-col gap-1 text-sm">
                  <ImageResult bytes={inputImage} alt="The image sent to the model" testId="input-image" />
                  <figcaption>Your image</figcaption>
                </figure>
              ) : null}
              <figure className="flex flex-col gap-1 text-sm">
                <ImageResult
                  bytes={result.data.bytes}
                  alt={inputImage ? 'The restyled image' : prompt ? `Generated for: ${prompt}` : 'The generated image'}
                  testId="result-image"
                />
                <figcaption>{inputImage ? 'Restyled' : 'Generated'}</figcaption>
              </figure>
            </div>
          ) : (
            <pre
              className="max-h-72 overflow-auto rounded bg-slate-100 p-3 text-sm whitespace-pre-wrap"
              data-testid="result-text"
            >
              {new TextDecoder().decode(result.data.bytes)}
            </pre>
          )}
          <div className="flex flex-wrap gap-2 text-sm" data-testid="result-verification">
            {result.data.verified === true && chainMatches !== false ? (
              <Badge tone="green">✓ Verified: sha256 of the result matches the on-chain result hash</Badge>
            ) : result.data.verified === false || chainMatches === false ? (
              <Badge tone="red">✕ Mismatch: this content is not the result the oracle attested on chain</Badge>
            ) : (
              <Badge>Not checked: the result is not a single raw block</Badge>
            )}
            {chainMatches === null ? <Badge>job account closed: checked against the indexer's record</Badge> : null}
            {attestation.data?.status === 'ok' ? (
              <Badge tone="green">
                ✓ Attested: signed by the oracle's registered key over this job, input and result
              </Badge>
            ) : attestation.data?.status === 'failed' ? (
              <Badge tone="red">✕ Attestation does not hold: {attestation.data.detail}</Badge>
            ) : attestation.data?.status === 'skipped' ? (
              <Badge>Attestation not checked: {attestation.data.detail}</Badge>
            ) : null}
          </div>
          <p className="font-mono text-xs break-all text-slate-700">CID {cid}</p>
        </div>
      )}
    </Card>
  );
}
