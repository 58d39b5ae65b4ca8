// What a job's CIDs point at, per category, and how it becomes a worker
// request. The formats are documented in gpu-oracle/README.md ("Input formats").
import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Category } from '@modelmint/sdk';
import { safeJoin } from './ipfs.js';
import { type JsonObject, ReasonCode, WorkerError } from './worker.js';

export type CategoryName = 'caption' | 'style' | 'generate';

/** `Model.category` as the worker names it. */
export function categoryName(c: number): CategoryName {
  switch (c) {
    case Category.Caption:
      return 'caption';
    case Category.Style:
      return 'style';
    case Category.Generate:
      return 'generate';
    default:
      throw new WorkerError('BAD_REQUEST', ReasonCode.BadRequest, false, `unknown model category ${c}`);
  }
}

/** Base model used for training when the config names none. */
export const DEFAULT_BASE: Record<CategoryName, string> = {
  caption: 'caption-small',
  generate: 'generate32-small',
  style: 'generate32-small',
};

/** Largest inference input fetched, bytes (a style request's image is limited separately). */
export const MAX_INFERENCE_INPUT_BYTES = 64 * 1024;
/** Largest style input image, bytes: the worker's 5 MB limit (5,242,880). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Largest training config, bytes. */
export const MAX_CONFIG_BYTES = 64 * 1024;

const invalid = (message: string, reason: number = ReasonCode.InputInvalid, code = 'INPUT_INVALID') =>
  new WorkerError(code, reason, false, message);

/** Image formats the worker accepts, by magic number. */
export function sniffImage(b: Uint8Array): 'png' | 'jpeg' | 'webp' | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (
    b.length >= 12 &&
    String.fromCharCode(b[0] ?? 0, b[1] ?? 0, b[2] ?? 0, b[3] ?? 0) === 'RIFF' &&
    String.fromCharCode(b[8] ?? 0, b[9] ?? 0, b[10] ?? 0, b[11] ?? 0) === 'WEBP'
  )
    return 'webp';
  return undefined;
}

function asObject(bytes: Uint8Array): JsonObject | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

function pick(o: JsonObject, allowed: readonly string[]): JsonObject {
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length) throw invalid(`unknown input field(s): ${unknown.join(', ')}`);
  return o;
}

/** A parsed inference request: the worker's `input`, the seed, and for `style` where the image comes from. */
export interface InferenceRequest {
  input: JsonObject;
  seed: number;
  /** style: the input image is the input CID itself (`self`) or another CID (base32 string). */
  image?: { from: 'self' } | { from: 'cid'; cid: string };
}

function seedOf(o: JsonObject): number {
  const s = o.seed ?? 0;
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) throw invalid('seed must be a non-negative integer');
  return s;
}

/**
 * Parses an inference input.
 * - caption: a JSON object {prompt, max_tokens?, temperature?, seed?}, or any other bytes = the prompt (UTF-8).
 * - generate: a JSON object {steps?, seed?} (an empty object is fine).
 * - style: the image itself (PNG/JPEG/WebP, <= 5 MB), or a JSON object {image: "<CID>", strength?, steps?, seed?}.
 */
export function parseInferenceInput(category: CategoryName, bytes: Uint8Array): InferenceRequest {
  const obj = asObject(bytes);
  switch (category) {
    case 'caption': {
      if (!obj) {
        const prompt = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
        try {
          return { input: { prompt: prompt.decode(bytes) }, seed: 0 };
        } catch {
          throw invalid('a caption prompt must be UTF-8 text or a JSON request');
        }
      }
      const { seed: _s, ...input } = pick(obj, ['prompt', 'max_tokens', 'temperature', 'seed']);
      return { input, seed: seedOf(obj) };
    }
    case 'generate': {
      if (!obj) throw invalid('a generate request must be a JSON object like {"steps":25,"seed":1}');
      const { seed: _s, ...input } = pick(obj, ['steps', 'seed']);
      return { input, seed: seedOf(obj) };
    }
    case 'style': {
      if (sniffImage(bytes)) return { input: {}, seed: 0, image: { from: 'self' } };
      if (!obj) throw invalid('a style request must be an image (PNG/JPEG/WebP) or a JSON object with "image"');
      const { seed: _s, image, ...input } = pick(obj, ['image', 'strength', 'steps', 'seed']);
      if (typeof image !== 'string') throw invalid('"image" must be the CID of the input image');
      return { input, seed: seedOf(obj), image: { from: 'cid', cid: image } };
    }
  }
}

/** A parsed training config: the base, the seed, and the worker's `config`. */
export interface TrainingRequest {
  base: string;
  seed: number;
  config: JsonObject;
}

/**
 * Parses a training config: the worker's config keys (preset, learningRate,
 * epochs, batchSize, validationSplit, earlyStoppingPatience, loraRank,
 * loraAlpha) plus optional `base` and `seed`. The worker validates the rest.
 */
export function parseTrainingConfig(category: CategoryName, bytes: Uint8Array | undefined): TrainingRequest {
  if (!bytes) return { base: DEFAULT_BASE[category], seed: 0, config: {} };
  const obj = asObject(bytes);
  if (!obj) throw invalid('the training config must be a JSON object', ReasonCode.ConfigInvalid, 'CONFIG_INVALID');
  const { base, seed, ...config } = obj;
  if (base !== undefined && typeof base !== 'string') {
    throw invalid('"base" must be a base model id', ReasonCode.ConfigInvalid, 'CONFIG_INVALID');
  }
  let s = 0;
  try {
    s = seedOf({ seed: seed ?? 0 });
  } catch {
    throw invalid('"seed" must be a non-negative integer', ReasonCode.ConfigInvalid, 'CONFIG_INVALID');
  }
  return { base: base ?? DEFAULT_BASE[category], seed: s, config };
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
