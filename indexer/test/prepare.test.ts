// prepareBatch writes the COPY text of transactions and events field by field: it must be the
// text copyRows makes of the same rows, column for column.
import { describe, expect, it } from 'vitest';
import { type ColumnKind, copyText } from '../src/db/copy.js';
import type { DecodedTransaction } from '../src/ingest/decoder.js';
import { eventPosition } from '../src/ingest/position.js';
import { EVENT_COLUMNS, eventsText, prepareBatch, TRANSACTION_COLUMNS } from '../src/ingest/prepare.js';
import { scenario } from './helpers/scenario.js';

const txs = scenario();
// A failed transaction whose error text holds every character COPY escapes.
const failed: DecodedTransaction = {
  ...(txs[1] as DecodedTransaction),
  signature: `${(txs[1] as DecodedTransaction).signature.slice(0, -1)}z`,
  err: '{"text":"back\\\\slash\ttab\nnewline\rreturn"}',
  feePayer: null,
  indexInBlock: null,
  blockTime: null,
};

describe('prepared COPY text', () => {
  it('is the text copyRows makes of the transactions', async () => {
    const batch = [...txs, failed];
    const rows = batch.map((tx) => ({
      signature: tx.signature,
      slot: tx.slot,
      index_in_block: tx.indexInBlock,
      block_time: tx.blockTime,
      err: tx.err,
      fee_payer: tx.feePayer,
      commitment: tx.commitment,
      event_count: tx.err === null ? tx.events.length : 0,
    }));
    const prepared = await prepareBatch(batch);
    expect(prepared.transactionsText.toString()).toBe(copyText(rows, TRANSACTION_COLUMNS));
    expect(prepared.transactionsText.toString()).toContain('back\\\\\\\\slash\\ttab\\nnewline\\rreturn');
  });

  it('is the text copyRows makes of the events, their data as JSON', async () => {
    const { fresh } = await prepareBatch(txs);
    expect(fresh.length).toBeGreaterThan(20);
    const rows = fresh.map((f) => ({
      signature: f.signature,
      event_index: f.eventIndex,
      slot: f.slot,
      pos: f.pos,
      block_time: f.blockTime,
      name: f.event.name,
      data: f.event.data,
      commitment: f.commitment,
      model: f.model,
      job: f.job,
    }));
    const kinds: ColumnKind[] = EVENT_COLUMNS.map((c) => (c === 'data' ? 'json' : 'scalar'));
    expect(eventsText(fresh).toString()).toBe(copyText(rows, EVENT_COLUMNS, kinds));
  });
});

describe('prepareBatch', () => {
  it('refuses slots whose positions would not fit a u64, and malformed ones', async () => {
    const tx = txs[0] as DecodedTransaction;
    await expect(prepareBatch([{ ...tx, slot: '1844674407' }])).resolves.toBeTruthy();
    for (const slot of ['1844674408', '9999999999', '18446744070', '01', '-1', '1e9', '']) {
      await expect(prepareBatch([{ ...tx, slot }])).rejects.toThrow(/invalid slot/);
    }
  });
});

describe('eventPosition', () => {
  const signature = (txs[0] as DecodedTransaction).signature;
  it('is slot x 10^10 + index in block x 10^4 + event index, in decimal', () => {
    const slots = ['0', '1', '9', '10', '123456789', '1844674407'];
    for (const slot of slots) {
      for (const indexInBlock of [0, 1, 7, 999_999]) {
        for (const eventIndex of [0, 3, 9_999]) {
          const expected = BigInt(slot) * 10n ** 10n + BigInt(indexInBlock) * 10n ** 4n + BigInt(eventIndex);
          expect(eventPosition({ slot, indexInBlock, signature }, eventIndex)).toBe(expected.toString());
        }
      }
    }
    // Without an index in block, a hash of the signature stands in (stable, in range).
    const ranked = eventPosition({ slot: '5', indexInBlock: null, signature }, 2);
    expect(ranked).toBe(eventPosition({ slot: '5', indexInBlock: null, signature }, 2));
    expect(BigInt(ranked) / 10n ** 10n).toBe(5n);
  });

  it('refuses what does not fit', () => {
    expect(() => eventPosition({ slot: '1', indexInBlock: 1_000_000, signature }, 0)).toThrow(RangeError);
    expect(() => eventPosition({ slot: '1', indexInBlock: 0, signature }, 10_000)).toThrow(RangeError);
    expect(() => eventPosition({ slot: '1', indexInBlock: 0.5, signature }, 0)).toThrow(RangeError);
    expect(() => eventPosition({ slot: '01', indexInBlock: 0, signature }, 0)).toThrow(RangeError);
    expect(() => eventPosition({ slot: '-1', indexInBlock: 0, signature }, 0)).toThrow(RangeError);
  });
});
