// What an inference job's input CID holds, per model category, and how it becomes the
// worker's request: shared by the oracle, which runs it, and by anyone verifying a
// result, who must run exactly the same request. Browser-safe. The formats are
// documented in gpu-oracle/README.md ("Input formats per category").

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** A JSON object. */
export type JsonObject = { [k: string]: Json };

/** A model category as the worker names it (`Model.category` 0, 1, 2). */
export type CategoryName = 'caption' | 'style' | 'generate';

const CATEGORY_NAMES: readonly CategoryName[] = ['caption', 'style', 'generate'];

/** `Model.category` as the worker names it, or undefined for an unknown value. */
export function categoryNameOf(c: number): CategoryName | undefined {
  return CATEGORY_NAMES[c];
}

/** Largest inference input fetched, bytes (a style request's image is limited separately). */
export const MAX_INFERENCE_INPUT_BYTES = 64 * 1024;
/** Largest style input image, bytes: the worker's 5 MB limit (5,242,880). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** An input the worker would refuse (INPUT_INVALID). */
export class JobInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobInputError';
  }
}

const invalid = (message: string) => new JobInputError(message);

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

/** `bytes` as a JSON object, or undefined when they are not one. */
export function jsonObjectOf(bytes: Uint8Array): JsonObject | undefined {
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

/** The `seed` of an input or config object (default 0); a non-negative safe integer. */
export function seedOf(o: JsonObject): number {
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
  const obj = jsonObjectOf(bytes);
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
