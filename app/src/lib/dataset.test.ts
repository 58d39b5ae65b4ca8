import { describe, expect, it } from 'vitest';
import { type DatasetFile, MAX_IMAGE_BYTES, sniffImage, validateDataset } from './dataset.js';

const text = (path: string, body: string): DatasetFile => ({ path, bytes: new TextEncoder().encode(body) });
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0];
const png = (path: string, extra = 0): DatasetFile => ({
  path,
  bytes: Uint8Array.from([...PNG, ...new Array(extra).fill(1)]),
});
const records = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ text: `line ${i}` })).join('\n');

describe('dataset validation before paying', () => {
  it('accepts a JSONL caption dataset with ten records', async () => {
    const r = await validateDataset('caption', [text('data.jsonl', records(10))]);
    expect(r).toEqual({ kind: 'text', files: 1, items: 10, problems: [] });
  });

  it('reports every problem of a text dataset with its file and line', async () => {
    const r = await validateDataset('caption', [
      text('a.jsonl', `${records(3)}\n{not json}\n{"prompt":"p","completion":""}\n[1]`),
      text('b.csv', 'prompt,completion\nhello,world\n"x",\nonly one field\n'),
      text('c.txt', 'hello'),
      { path: 'd.jsonl', bytes: Uint8Array.from([0xff, 0xfe, 0x00]) },
      text('.hidden.jsonl', '{not json}'),
    ]);
    expect(r.problems.map((p) => [p.file, p.line ?? null, p.code])).toEqual([
      ['a.jsonl', 4, 'MALFORMED_JSONL'],
      ['a.jsonl', 5, 'BAD_RECORD'],
      ['a.jsonl', 6, 'BAD_RECORD'],
      ['b.csv', 3, 'BAD_RECORD'],
      ['b.csv', 4, 'MALFORMED_CSV'],
      ['c.txt', null, 'UNSUPPORTED_FILE'],
      ['d.jsonl', null, 'NOT_UTF8'],
      [null, null, 'TOO_FEW_RECORDS'],
    ]);
    expect(r.items).toBe(4);
  });

  it('refuses a CSV whose header names neither text nor prompt/completion', async () => {
    const r = await validateDataset('caption', [text('x.csv', 'a,b\n1,2\n')]);
    expect(r.problems[0]).toMatchObject({ file: 'x.csv', line: 1, code: 'MALFORMED_CSV' });
  });

  it('checks images by content and size, and counts the valid ones', async () => {
    const files = [
      ...Array.from({ length: 9 }, (_, i) => png(`img/${i}.png`)),
      { path: 'img/big.png', bytes: new Uint8Array(MAX_IMAGE_BYTES + 1) },
      text('img/notes.png', 'not an image'),
      { path: 'img/anim.gif', bytes: Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) },
    ];
    const r = await validateDataset('generate', files);
    expect(r.problems.map((p) => [p.file, p.code])).toEqual([
      ['img/anim.gif', 'UNSUPPORTED_FORMAT'],
      ['img/big.png', 'TOO_LARGE'],
      ['img/notes.png', 'NOT_AN_IMAGE'],
      [null, 'TOO_FEW_IMAGES'],
    ]);
    expect(r.items).toBe(9);
    const ok = await validateDataset('style', [...files.slice(0, 9), png('img/9.png')]);
    expect(ok.problems).toEqual([]);
  });

  it('uses the decoder to catch corrupt and oversized images', async () => {
    const files = Array.from({ length: 11 }, (_, i) => png(`${i}.png`));
    const r = await validateDataset('generate', files, async (_b, _f) => {
      throw new Error('truncated');
    });
    expect(r.problems).toHaveLength(12);
    const huge = await validateDataset('generate', files, async () => ({ width: 10_000, height: 5_000 }));
    expect(huge.problems[0]).toMatchObject({ code: 'TOO_MANY_PIXELS' });
  });

  it('sniffs formats from bytes, not names', () => {
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG');
    expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('WEBP');
    expect(sniffImage(new TextEncoder().encode('hello'))).toBeNull();
  });

  it('says so when no file was chosen', async () => {
    expect((await validateDataset('caption', [])).problems).toEqual([
      { file: null, code: 'EMPTY', message: 'no files chosen' },
    ]);
  });
});
