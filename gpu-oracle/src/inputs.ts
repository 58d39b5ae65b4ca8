// What a job's CIDs point at, per category, and how it becomes a worker
// request. The formats are documented in gpu-oracle/README.md ("Input formats").
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type CategoryName,
  categoryNameOf,
  type InferenceRequest,
  JobInputError,
  jsonObjectOf,
  parseInferenceInput as parseInput,
  seedOf,
} from '@modelmint/sdk';
import { safeJoin } from './ipfs.js';
import { type JsonObject, ReasonCode, WorkerError } from './worker.js';

export { type CategoryName, MAX_IMAGE_BYTES, MAX_INFERENCE_INPUT_BYTES, sniffImage } from '@modelmint/sdk';

/** `Model.category` as the worker names it. */
export function categoryName(c: number): CategoryName {
  const name = categoryNameOf(c);
  if (!name) throw new WorkerError('BAD_REQUEST', ReasonCode.BadRequest, false, `unknown model category ${c}`);
  return name;
}

/** Base model used for training when the config names none. */
export const DEFAULT_BASE: Record<CategoryName, string> = {
  caption: 'caption-small',
  generate: 'generate32-small',
  style: 'generate32-small',
};

/** Largest training config, bytes. */
export const MAX_CONFIG_BYTES = 64 * 1024;

const invalid = (message: string, reason: number = ReasonCode.InputInvalid, code = 'INPUT_INVALID') =>
  new WorkerError(code, reason, false, message);

/**
 * Parses an inference input (SDK `parseInferenceInput`, the same rules a verifier
 * applies); a refused input is the worker's INPUT_INVALID.
 */
export function parseInferenceInput(category: CategoryName, bytes: Uint8Array): InferenceRequest {
  try {
    return parseInput(category, bytes);
  } catch (e) {
    if (e instanceof JobInputError) throw invalid(e.message);
    throw e;
  }
}

/** A parsed training-job config: a LoRA fine-tune, or an optimization of the current version. */
export type TrainingRequest =
  | { kind: 'train'; base: string; seed: number; config: JsonObject }
  | { kind: 'optimize'; method: string; sparsity?: number; seed: number };

const configInvalid = (message: string) => invalid(message, ReasonCode.ConfigInvalid, 'CONFIG_INVALID');

/**
 * Parses a training job's config. A fine-tune: the worker's config keys (preset,
 * learningRate, epochs, batchSize, validationSplit, earlyStoppingPatience, loraRank,
 * loraAlpha) plus optional `base` (default `defaults[category]`) and `seed`; the worker
 * validates the rest. An optimization: `{"optimize": "int8"|"fp16"|"prune"|"onnx",
 * "sparsity"?: number (prune), "seed"?: int}` and nothing else.
 */
export function parseTrainingConfig(
  category: CategoryName,
  bytes: Uint8Array | undefined,
  defaults: Record<CategoryName, string> = DEFAULT_BASE,
): TrainingRequest {
  if (!bytes) return { kind: 'train', base: defaults[category], seed: 0, config: {} };
  const obj = jsonObjectOf(bytes);
  if (!obj) throw configInvalid('the training config must be a JSON object');
  const { base, seed, ...config } = obj;
  let s = 0;
  try {
    s = seedOf({ seed: seed ?? 0 });
  } catch {
    throw configInvalid('"seed" must be a non-negative integer');
  }
  if ('optimize' in obj) {
    const { optimize, sparsity, ...rest } = config;
    const extra = Object.keys(rest).concat(base === undefined ? [] : ['base']);
    if (extra.length)
      throw configInvalid(`an optimization config takes optimize, sparsity and seed only; got ${extra.join(', ')}`);
    if (typeof optimize !== 'string') throw configInvalid('"optimize" must be one of int8, fp16, prune, onnx');
    if (sparsity !== undefined && typeof sparsity !== 'number') throw configInvalid('"sparsity" must be a number');
    return { kind: 'optimize', method: optimize, seed: s, ...(sparsity === undefined ? {} : { sparsity }) };
  }
  if (base !== undefined && typeof base !== 'string') throw configInvalid('"base" must be a base model id');
  return { kind: 'train', base: base ?? defaults[category], seed: s, config };
}

/**
 * Parses `caption=caption-tiny,generate=generate32-tiny` into default bases; categories
 * not named keep DEFAULT_BASE's. `style` follows `generate` unless named.
 */
export function parseDefaultBases(text: string | undefined): Record<CategoryName, string> {
  const out = { ...DEFAULT_BASE };
  if (!text) return out;
  const named = new Set<string>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [cat, base, ...more] = part.split('=').map((x) => x.trim());
    if (!cat || !base || more.length || !(cat in DEFAULT_BASE)) {
      throw new Error(`--default-base takes CATEGORY=BASE pairs (caption, generate, style), got "${part}"`);
    }
    out[cat as CategoryName] = base;
    named.add(cat);
  }
  if (named.has('generate') && !named.has('style')) out.style = out.generate;
  return out;
}

/** The `__metadata__` of a safetensors file (read from its header only). */
export async function readSafetensorsMetadata(path: string): Promise<Record<string, string>> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    const n = Number(head.readBigUInt64LE(0));
    if (n <= 0 || n > 16 * 1024 * 1024) throw new Error('bad safetensors header length');
    const json = Buffer.alloc(n);
    await fh.read(json, 0, n, 8);
    const header = JSON.parse(json.toString('utf8')) as { __metadata__?: Record<string, string> };
    return header.__metadata__ ?? {};
  } catch (e) {
    throw new WorkerError(
      'WEIGHTS_INVALID',
      ReasonCode.WeightsInvalid,
      false,
      `unreadable adapter: ${(e as Error).message}`,
    );
  } finally {
    await fh.close();
  }
}

/** True when `b` looks like a tar archive (ustar magic at 257). */
export function isTar(b: Uint8Array): boolean {
  return b.length >= 512 && new TextDecoder().decode(b.subarray(257, 262)) === 'ustar';
}

/**
 * Extracts the regular files of a (ustar/pax/gnu) tar archive into `dest`.
 * Links, devices and paths leaving `dest` are refused. Returns the file count.
 */
export async function extractTar(b: Uint8Array, dest: string): Promise<number> {
  const dec = new TextDecoder();
  const str = (off: number, len: number) => {
    const s = dec.decode(b.subarray(off, off + len));
    const z = s.indexOf('\0');
    return z >= 0 ? s.slice(0, z) : s;
  };
  let at = 0;
  let files = 0;
  let longName: string | undefined;
  while (at + 512 <= b.length) {
    if (b.subarray(at, at + 512).every((x) => x === 0)) break;
    const name = str(at, 100);
    const size = Number.parseInt(str(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(b[at + 156] ?? 0);
    const prefix = str(at + 345, 155);
    if (!Number.isFinite(size) || size < 0)
      throw invalid('corrupt tar header', ReasonCode.DatasetInvalid, 'DATASET_INVALID');
    const body = b.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = dec.decode(body).replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(dec.decode(body));
      if (m) longName = m[1];
      continue;
    }
    if (type === 'g') continue;
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = undefined;
    if (type === '5') continue; // directory: created with its files
    if (type !== '0' && type !== '\0') {
      throw invalid(`tar entry ${path} is not a regular file`, ReasonCode.DatasetInvalid, 'DATASET_INVALID');
    }
    let target: string;
    try {
      target = safeJoin(dest, path);
    } catch {
      throw invalid(`tar entry ${path} leaves the archive`, ReasonCode.DatasetInvalid, 'DATASET_INVALID');
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
    files += 1;
  }
  return files;
}

/** Drops keys that vary between identical runs (timings, local paths) from a metrics object, recursively. */
export function stableMetrics(v: unknown): unknown {
  const drop = new Set(['secs', 'train_samples_per_sec', 'adapter', 'metrics', 'samples']);
  if (Array.isArray(v)) return v.map(stableMetrics);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      if (!drop.has(k)) out[k] = stableMetrics((v as Record<string, unknown>)[k]);
    }
    return out;
  }
  return v;
}
