// Crash safety: an append-only JSON-lines journal under the state dir. Every
// line is written and fsync'd before the action it announces is sent, so
// after a SIGKILL the oracle knows which jobs it may have claimed and which
// result it may have submitted. A torn last line (killed mid-write) is
// ignored on replay.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** What happened to a job, in order. */
export type JournalEvent =
  /** About to send `claim_job`. */
  | { ev: 'claiming'; job: string }
  /** `claim_job` confirmed. */
  | { ev: 'claimed'; job: string; kind: number; deadline: string }
  /** The claim lost (another oracle was first) or the job vanished. */
  | { ev: 'lost'; job: string; reason: string }
  /** Outputs pinned; `result` is the CID string that will be submitted. */
  | { ev: 'result'; job: string; result: string; outputSha256?: string }
  /** About to send `submit_result` with `result`. */
  | { ev: 'submitting'; job: string; result: string }
  /** `submit_result` confirmed (or found already delivered with this result). */
  | { ev: 'submitted'; job: string; result: string; signature?: string }
  /** About to send `fail_job`. */
  | { ev: 'failing'; job: string; reasonCode: number; message: string }
  /** `fail_job` confirmed, or the job was found refunded/settled/expired. */
  | { ev: 'failed'; job: string; reasonCode: number }
  /** Nothing more to do (found finished on-chain by someone else). */
  | { ev: 'closed'; job: string; status: number };

export type JournalLine = JournalEvent & { t: number };

/** The replayed state of one job. */
export interface JobRecord {
  job: string;
  last: JournalEvent['ev'];
  kind?: number;
  deadline?: bigint;
  /** The result that was pinned and may have been sent (never another one). */
  result?: string;
  reasonCode?: number;
  message?: string;
  /** How many times the job was claimed or resumed by this oracle. */
  attempts: number;
}

const TERMINAL: ReadonlySet<JournalEvent['ev']> = new Set(['lost', 'submitted', 'failed', 'closed']);

/** True when nothing more will be done for the job. */
export function isTerminal(r: JobRecord): boolean {
  return TERMINAL.has(r.last);
}

/** Folds journal lines into one record per job (later lines win; a result, once set, stays). */
export function replay(lines: Iterable<JournalLine>): Map<string, JobRecord> {
  const jobs = new Map<string, JobRecord>();
  for (const l of lines) {
    const r = jobs.get(l.job) ?? { job: l.job, last: l.ev, attempts: 0 };
    r.last = l.ev;
    switch (l.ev) {
      case 'claiming':
        r.attempts += 1;
        break;
      case 'claimed':
        r.kind = l.kind;
        r.deadline = BigInt(l.deadline);
        break;
      case 'result':
      case 'submitting':
      case 'submitted':
        r.result = r.result ?? l.result;
        break;
      case 'failing':
        r.reasonCode = l.reasonCode;
        r.message = l.message;
        break;
      case 'failed':
        r.reasonCode = l.reasonCode;
        break;
      default:
        break;
    }
    jobs.set(l.job, r);
  }
  return jobs;
}

/** Parses the journal's text; a line that is not valid JSON (a torn write) is skipped. */
export function parseJournal(text: string): JournalLine[] {
  const out: JournalLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as JournalLine;
      if (v && typeof v.job === 'string' && typeof v.ev === 'string') out.push(v);
    } catch {
      // torn write at the end of a crashed run
    }
  }
  return out;
}

/** The journal file: appends are synchronous and fsync'd. */
export class Journal {
  private fd: number;
  readonly path: string;
  private records: Map<string, JobRecord>;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, 'journal.jsonl');
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      // first run
    }
    this.records = replay(parseJournal(text));
    this.fd = openSync(this.path, 'a');
    // A torn last line must not glue itself to the next record.
    if (text.length > 0 && !text.endsWith('\n')) this.writeRaw('\n');
  }

  private writeRaw(s: string): void {
    writeSync(this.fd, s);
    fsyncSync(this.fd);
  }

  /** Appends one event and fsyncs before returning. */
  append(e: JournalEvent): JobRecord {
    const line: JournalLine = { ...e, t: Date.now() };
    this.writeRaw(`${JSON.stringify(line)}\n`);
    const next = replay([line]).get(e.job) as JobRecord;
    const prev = this.records.get(e.job);
    const merged: JobRecord = prev
      ? {
          ...prev,
          last: next.last,
          kind: next.kind ?? prev.kind,
          deadline: next.deadline ?? prev.deadline,
          result: prev.result ?? next.result,
          reasonCode: next.reasonCode ?? prev.reasonCode,
          message: next.message ?? prev.message,
          attempts: prev.attempts + next.attempts,
        }
      : next;
    this.records.set(e.job, merged);
    return merged;
  }

  get(job: string): JobRecord | undefined {
    return this.records.get(job);
  }

  /** Jobs that are not finished according to the journal. */
  unfinished(): JobRecord[] {
    return [...this.records.values()].filter((r) => !isTerminal(r));
  }

  all(): JobRecord[] {
    return [...this.records.values()];
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed
    }
  }
}
