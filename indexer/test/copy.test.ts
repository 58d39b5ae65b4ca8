import { AbortedTransactionError, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CopyData, copyRows, copyText, copyValue } from '../src/db/copy.js';
import { backends, freshDb, type TestDb } from './helpers/db.js';

describe('COPY text format', () => {
  it('writes null, numbers, booleans and dates as PostgreSQL reads them', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue(42)).toBe('42');
    expect(copyValue(18446744073709551615n)).toBe('18446744073709551615');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(false)).toBe('f');
    expect(copyValue(new Date('2026-11-22T00:00:00Z'))).toBe('2026-11-22T00:00:00.000Z');
  });

  it('escapes the four characters COPY treats specially, and nothing else', () => {
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyValue('plain "quoted" ü 😀')).toBe('plain "quoted" ü 😀');
    expect(copyValue('\\N')).toBe('\\\\N');
  });

  it('writes JSON columns as JSON and arrays as array literals', () => {
    expect(copyValue({ a: 'x\ny' }, 'json')).toBe('{"a":"x\\\\ny"}');
    expect(copyValue(['x', 1], 'json')).toBe('["x",1]');
    expect(copyValue('text', 'json')).toBe('"text"');
    expect(copyValue(['a b', 'q"', null, 'back\\slash'], 'array')).toBe('{"a b","q\\\\"",NULL,"back\\\\\\\\slash"}');
  });

  it('refuses values their column cannot hold', () => {
    expect(() => copyValue({ a: 1 })).toThrow(/plain column was given object/);
    expect(() => copyValue(['a'])).toThrow(/plain column was given an array/);
    expect(() => copyValue('a', 'array')).toThrow(/array column was given string/);
  });

  it('lays rows out as tab-separated lines in the given column order', () => {
    expect(
      copyText(
        [
          { b: 2, a: 'x' },
          { a: null, b: 3 },
        ],
        ['a', 'b'],
      ),
    ).toBe('x\t2\n\\N\t3\n');
  });

  it('builds the data as UTF-8 bytes, growing past its first buffer', () => {
    const data = new CopyData();
    let expected = '';
    for (let i = 0; i < 5000; i++) {
      // Multi-byte characters (2, 3 and 4 bytes) in lines that outgrow the first 64 KB.
      const line = `${i}\tü€😀 ${'x'.repeat(i % 50)}\n`;
      data.line(line);
      expected += line;
    }
    expect(data.bytes().length).toBeGreaterThan(64 * 1024);
    expect(data.bytes().equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });
});

const TRICKY = [
  { id: 1, label: 'tab\there', doc: { text: 'line\nbreak "quoted" back\\slash', n: 1 }, tags: ['a b', 'q"', 'x\\y'] },
  { id: 2, label: '\\N', doc: { emoji: '😀', empty: '' }, tags: [] },
  { id: 3, label: null, doc: null, tags: null },
  { id: 4, label: 'cr\rlf\r\n', doc: [1, 'two'], tags: ['ü'] },
];

describe.each(backends)('copyRows on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(kind, { migrate: false });
    await sql`create table copy_probe (id int primary key, label text, doc json, tags text[], amount numeric(20,0))`.execute(
      t.db,
    );
  });
  afterAll(() => t?.dispose());
  beforeEach(async () => {
    await sql`truncate copy_probe`.execute(t.db);
  });

  const read = async () =>
    (await sql<Record<string, unknown>>`select id, label, doc, tags from copy_probe order by id`.execute(t.db)).rows;

  it('stores every value as given', async () => {
    await copyRows(t.db, 'copy_probe', TRICKY);
    expect(await read()).toEqual(TRICKY);
    await copyRows(t.db, 'copy_probe', [{ id: 5, amount: '18446744073709551615' }]);
    const big = await sql<{ amount: string }>`select amount from copy_probe where id = 5`.execute(t.db);
    expect(big.rows).toEqual([{ amount: '18446744073709551615' }]);
  });

  it('does nothing for no rows and refuses identifiers it would have to quote', async () => {
    await copyRows(t.db, 'copy_probe', []);
    expect(await read()).toEqual([]);
    await expect(copyRows(t.db, 'copy_probe; drop table x', [{ id: 1 }])).rejects.toThrow(/bad identifier/);
    await expect(copyRows(t.db, 'copy_probe', [{ 'id"': 1 }])).rejects.toThrow(/bad identifier/);
    await expect(copyRows(t.db, 'copy_probe', [{ nope: 1 }])).rejects.toThrow(/copy_probe.nope: no such column/);
  });

  // postgres.js leaves a failed COPY's stream unsettled (porsager/postgres#1173); the driver must
  // turn the server's error into a rejection, or this test times out.
  it('rejects with the server error on a key conflict, inside a transaction and out', { timeout: 10_000 }, async () => {
    await copyRows(t.db, 'copy_probe', TRICKY.slice(0, 1));
    const inside = t.db.transaction().execute((trx) => copyRows(trx, 'copy_probe', TRICKY));
    await expect(inside).rejects.toMatchObject({ code: '23505' });
    await expect(copyRows(t.db, 'copy_probe', TRICKY)).rejects.toMatchObject({ code: '23505' });
    // Nothing of the failed copies is stored, and the connections still work.
    expect((await read()).map((r) => r.id)).toEqual([1]);
    await copyRows(t.db, 'copy_probe', TRICKY.slice(1));
    expect((await read()).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it('rolls back to a savepoint after a failed copy and goes on', { timeout: 10_000 }, async () => {
    await copyRows(t.db, 'copy_probe', TRICKY.slice(0, 1));
    await t.db.transaction().execute(async (trx) => {
      await sql`savepoint probe`.execute(trx);
      await expect(copyRows(trx, 'copy_probe', TRICKY)).rejects.toMatchObject({ code: '23505' });
      await sql`rollback to savepoint probe`.execute(trx);
      await copyRows(trx, 'copy_probe', TRICKY.slice(1));
    });
    expect((await read()).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it('refuses to commit a transaction a caught error aborted, and writes nothing', async () => {
    const run = t.db.transaction().execute(async (trx) => {
      await copyRows(trx, 'copy_probe', TRICKY.slice(0, 1));
      await expect(copyRows(trx, 'copy_probe', TRICKY.slice(0, 1))).rejects.toMatchObject({ code: '23505' });
    });
    await expect(run).rejects.toBeInstanceOf(AbortedTransactionError);
    expect(await read()).toEqual([]);
  });
});
