// Journal replay and the backoff schedule.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelmintProgramError } from '@modelmint/sdk';
import { describe, expect, it } from 'vitest';
import { backoffDelay, isTransient, retry } from '../src/backoff.js';
import { isTerminal, type JobRecord, Journal, parseJournal, replay } from '../src/journal.js';

describe('journal', () => {
  it('replays to the last state per job and keeps the first recorded result', () => {
    const lines = parseJournal(
      [
        '{"ev":"claiming","job":"A","t":1}',
        '{"ev":"claimed","job":"A","kind":0,"deadline":"600","t":2}',
        '{"ev":"result","job":"A","result":"bafkreiaaa","t":3}',
        '{"ev":"submitting","job":"A","result":"bafkreiaaa","t":4}',
        '{"ev":"claiming","job":"B","t":5}',
        '{"ev":"lost","job":"B","reason":"x","t":6}',
        '{"ev":"claiming","job":"C","t":7}',
        '{"ev":"claimed","job":"C","kind":1,"deadline":"9","t":8}',
        '{"ev":"failing","job":"C","reasonCode":3,"message":"bad","t":9}',
        '{"ev":"submitted","job":"A","result":"bafkreiOTHER"', // torn last line
      ].join('\n'),
    );
    expect(lines).toHaveLength(9);
    const s = replay(lines);
    expect(s.get('A')).toMatchObject({
      last: 'submitting',
      result: 'bafkreiaaa',
      kind: 0,
      deadline: 600n,
      attempts: 1,
    });
    expect(isTerminal(s.get('A') as JobRecord)).toBe(false);
    expect(isTerminal(s.get('B') as JobRecord)).toBe(true);
    expect(s.get('C')).toMatchObject({ last: 'failing', reasonCode: 3, message: 'bad' });
  });

  it('persists across reopen, survives a torn write, and lists unfinished jobs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-journal-'));
    const j1 = new Journal(dir);
    j1.append({ ev: 'claiming', job: 'A' });
    j1.append({ ev: 'claimed', job: 'A', kind: 0, deadline: '10' });
    j1.append({ ev: 'result', job: 'A', result: 'bafkreione' });
    j1.append({ ev: 'claiming', job: 'B' });
    j1.append({ ev: 'failed', job: 'B', reasonCode: 4 });
    j1.close();
    appendFileSync(join(dir, 'journal.jsonl'), '{"ev":"submitted","jo'); // killed mid-write
    const j2 = new Journal(dir);
    expect(j2.unfinished().map((r) => r.job)).toEqual(['A']);
    expect(j2.get('A')?.result).toBe('bafkreione');
    j2.append({ ev: 'submitted', job: 'A', result: 'bafkreione' });
    j2.close();
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    expect(parseJournal(text).at(-1)).toMatchObject({ ev: 'submitted', job: 'A' });
    expect(new Journal(dir).unfinished()).toEqual([]);
  });
});

describe('backoff', () => {
  it('doubles up to the cap, with jitter in [d/2, d]', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 1000, random: () => 1 }))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(2, { baseMs: 100, maxMs: 1000, random: () => 0 })).toBe(200);
  });

  it('retries transient errors only, and stops after the attempts', async () => {
    const waits: number[] = [];
    let n = 0;
    const v = await retry(
      async () => {
        n += 1;
        if (n < 3) throw new Error('fetch failed: ECONNRESET');
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 1, baseMs: 10 },
    );
    expect(v).toBe('ok');
    expect(waits).toEqual([10, 20]);

    let calls = 0;
    const permanent = new ModelmintProgramError(6000);
    await expect(
      retry(
        async () => {
          calls += 1;
          throw permanent;
        },
        { sleep: async () => {} },
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
    expect(isTransient(new Error('429 Too Many Requests'))).toBe(true);
    expect(isTransient(new Error('INPUT_INVALID: nope'))).toBe(false);

    let tries = 0;
    await expect(
      retry(
        async () => {
          tries += 1;
          throw new Error('ETIMEDOUT');
        },
        { attempts: 3, sleep: async () => {} },
      ),
    ).rejects.toThrow('ETIMEDOUT');
    expect(tries).toBe(3);
  });
});
