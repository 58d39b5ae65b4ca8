// Dataset validation before paying for training: the worker's rules
// (gpu-oracle/worker/modelmint_worker/dataset.py), run in the browser on the
// chosen files so every problem is shown per file, with its line, before
// anything is uploaded or paid. The worker validates again; these checks only
// spare the creator a failed (refunded) job.
import Papa from 'papaparse';

export const MIN_IMAGES = 10;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 40_000_000;
export const MIN_RECORDS = 10;
export const MAX_TEXT_BYTES = 50 * 1024 * 1024;

export interface DatasetFile {
  /** Path inside the dataset (a file's name, or its relative path in a folder). */
  path: string;
  bytes: Uint8Array;
}

export interface DatasetProblem {
  /** null: the dataset as a whole. */
  file: string | null;
  line?: number;
  code: string;
  message: string;
}

export interface DatasetReport {
  kind: 'image' | 'text';
  files: number;
  /** Valid images or records. */
  items: number;
  problems: DatasetProblem[];
}

/** Decodes an image fully (the browser's createImageBitmap); returns its size or throws. */
export type ImageDecoder = (bytes: Uint8Array, format: ImageFormat) => Promise<{ width: number; height: number }>;
export type ImageFormat = 'JPEG' | 'PNG' | 'WEBP';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** The image format by content (never by extension), or what else it is. */
export function sniffImage(b: Uint8Array): ImageFormat | 'GIF' | 'BMP' | 'TIFF' | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return 'WEBP';
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  if (startsWith(b, [0x42, 0x4d])) return 'BMP';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  return null;
}

const hidden = (path: string) => path.split('/').some((p) => p.startsWith('.'));

async function validateImages(files: DatasetFile[], decode: ImageDecoder | undefined): Promise<DatasetReport> {
  const problems: DatasetProblem[] = [];
  let valid = 0;
  for (const f of files) {
    if (f.bytes.length > MAX_IMAGE_BYTES) {
      problems.push({
        file: f.path,
        code: 'TOO_LARGE',
        message: `${f.bytes.length} bytes exceeds the ${MAX_IMAGE_BYTES}-byte (5 MB) limit`,
      });
      continue;
    }
    const format = sniffImage(f.bytes);
    if (format === null) {
      problems.push({ file: f.path, code: 'NOT_AN_IMAGE', message: 'not a JPEG, PNG or WebP image' });
      continue;
    }
    if (format !== 'JPEG' && format !== 'PNG' && format !== 'WEBP') {
      problems.push({ file: f.path, code: 'UNSUPPORTED_FORMAT', message: `${format} image; allowed: JPEG, PNG, WebP` });
      continue;
    }
    if (decode) {
      try {
        const { width, height } = await decode(f.bytes, format);
        if (width * height > MAX_IMAGE_PIXELS) {
          problems.push({
            file: f.path,
            code: 'TOO_MANY_PIXELS',
            message: `${width}x${height} exceeds ${MAX_IMAGE_PIXELS} pixels`,
          });
          continue;
        }
      } catch (e) {
        problems.push({
          file: f.path,
          code: 'NOT_AN_IMAGE',
          message: `cannot be decoded as an image: ${(e as Error).message}`,
        });
        continue;
      }
    }
    valid += 1;
  }
  if (valid < MIN_IMAGES) {
    problems.push({
      file: null,
      code: 'TOO_FEW_IMAGES',
      message: `${valid} valid images; at least ${MIN_IMAGES} are required`,
    });
  }
  return { kind: 'image', files: files.length, items: valid, problems };
}

/** A record's training text, or why it is not one (the worker's `_record`). */
function recordError(obj: unknown): string | null {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'record is not an object';
  const r = obj as Record<string, unknown>;
  if (typeof r.text === 'string' && r.text.trim()) return null;
  if (typeof r.prompt === 'string' && typeof r.completion === 'string' && r.completion.trim()) return null;
  return 'needs a non-empty string "text", or string "prompt" and non-empty "completion"';
}

function parseJsonl(path: string, text: string, problems: DatasetProblem[]): number {
  let records = 0;
  for (const [i, line] of text.split(/\r\n|\n|\r/).entries()) {
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      problems.push({
        file: path,
        line: i + 1,
        code: 'MALFORMED_JSONL',
        message: `invalid JSON: ${(e as Error).message}`,
      });
      continue;
    }
    const err = recordError(obj);
    if (err) problems.push({ file: path, line: i + 1, code: 'BAD_RECORD', message: err });
    else records += 1;
  }
  return records;
}

function parseCsv(path: string, text: string, problems: DatasetProblem[]): number {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: false });
  const [header, ...rows] = parsed.data;
  if (!header || !(header.includes('text') || (header.includes('prompt') && header.includes('completion')))) {
    problems.push({
      file: path,
      line: 1,
      code: 'MALFORMED_CSV',
      message: 'header must name a "text" column, or "prompt" and "completion"',
    });
    return 0;
  }
  // Field-count mismatches are reported per row below; papaparse's own are quote errors.
  for (const e of parsed.errors.filter((x) => x.type !== 'FieldMismatch')) {
    problems.push({ file: path, line: (e.row ?? 0) + 1, code: 'MALFORMED_CSV', message: e.message });
  }
  let records = 0;
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    if (!row.some((cell) => cell.trim())) continue;
    if (row.length !== header.length) {
      problems.push({
        file: path,
        line,
        code: 'MALFORMED_CSV',
        message: `${row.length} fields, header has ${header.length}`,
      });
      continue;
    }
    const err = recordError(Object.fromEntries(header.map((h, k) => [h, row[k]])));
    if (err) problems.push({ file: path, line, code: 'BAD_RECORD', message: err });
    else records += 1;
  }
  return records;
}

function validateText(files: DatasetFile[]): DatasetReport {
  const problems: DatasetProblem[] = [];
  let records = 0;
  for (const f of files) {
    const ext = f.path.toLowerCase().match(/\.[^./]+$/)?.[0] ?? '';
    if (ext !== '.jsonl' && ext !== '.csv') {
      problems.push({ file: f.path, code: 'UNSUPPORTED_FILE', message: 'text datasets take .jsonl or .csv files' });
      continue;
    }
    if (f.bytes.length > MAX_TEXT_BYTES) {
      problems.push({ file: f.path, code: 'TOO_LARGE', message: `${f.bytes.length} bytes exceeds ${MAX_TEXT_BYTES}` });
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(f.bytes).replace(/^\uFEFF/, '');
    } catch {
      problems.push({ file: f.path, code: 'NOT_UTF8', message: 'not valid UTF-8 text' });
      continue;
    }
    records += ext === '.jsonl' ? parseJsonl(f.path, text, problems) : parseCsv(f.path, text, problems);
  }
  if (records < MIN_RECORDS) {
    problems.push({
      file: null,
      code: 'TOO_FEW_RECORDS',
      message: `${records} valid records; at least ${MIN_RECORDS} are required`,
    });
  }
  return { kind: 'text', files: files.length, items: records, problems };
}

/** Validates a dataset for a model category; hidden files are skipped, as the worker does. */
export async function validateDataset(
  category: 'caption' | 'generate' | 'style',
  all: DatasetFile[],
  decode?: ImageDecoder,
): Promise<DatasetReport> {
  const files = all.filter((f) => !hidden(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (files.length === 0)
    return {
      kind: category === 'caption' ? 'text' : 'image',
      files: 0,
      items: 0,
      problems: [{ file: null, code: 'EMPTY', message: 'no files chosen' }],
    };
  return category === 'caption' ? validateText(files) : validateImages(files, decode);
}

/** The browser's full decode of an image. */
export const browserDecode: ImageDecoder = async (bytes, format) => {
  const type = format === 'JPEG' ? 'image/jpeg' : format === 'PNG' ? 'image/png' : 'image/webp';
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
};
