// What the CLI prints: one result (JSON with --json, `key: value` lines
// otherwise) on stdout; notes, warnings and progress on stderr.
import type { ErrorReport } from './errors.js';

/** A JSON-safe value; bigints are printed as decimal strings. */
export type Printable = string | number | boolean | bigint | null | undefined | Printable[] | PrintableObject;
export interface PrintableObject {
  [key: string]: Printable;
}

export interface Writer {
  write(text: string): unknown;
}

/** The CLI's two streams and its mode. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: Writer = process.stdout,
    private readonly stderr: Writer = process.stderr,
  ) {}

  /** A note for a person (never in --json mode, never on stdout). */
  info(message: string): void {
    if (!this.json) this.stderr.write(`${message}\n`);
  }

  /** A warning: on stderr in both modes (JSON readers only read stdout). */
  warn(message: string): void {
    this.stderr.write(`warning: ${message}\n`);
  }

  /** The command's result. */
  result(value: PrintableObject): void {
    if (this.json) {
      this.stdout.write(`${toJson(value)}\n`);
      return;
    }
    this.stdout.write(humanLines(value).join('\n') + (Object.keys(value).length ? '\n' : ''));
  }

  /** A failure: `{"error": {...}}` on stdout with --json, `error: Name (code): message` on stderr otherwise. */
  error(r: ErrorReport): void {
    if (this.json) {
      const error: PrintableObject = { name: r.name, code: r.code, message: r.message };
      if (r.details) error.details = r.details as PrintableObject;
      this.stdout.write(`${toJson({ error })}\n`);
      return;
    }
    const code = r.code === null ? '' : ` (${r.code})`;
    this.stderr.write(`error: ${r.name}${code}: ${r.message}\n`);
    const problems = r.details?.problems;
    if (Array.isArray(problems)) {
      for (const p of problems) this.stderr.write(`  ${typeof p === 'string' ? p : JSON.stringify(p)}\n`);
    }
    const logs = r.details?.logs;
    if (Array.isArray(logs) && logs.length) {
      this.stderr.write('program logs:\n');
      for (const l of logs) this.stderr.write(`  ${String(l)}\n`);
    }
  }
}

/** JSON with bigints as strings. */
export function toJson(value: Printable): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function humanLines(value: PrintableObject, indent = ''): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      lines.push(`${indent}${k}:${v.length ? '' : ' (none)'}`);
      for (const item of v) {
        if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
          lines.push(`${indent}  - ${toJson(item)}`);
        } else lines.push(`${indent}  - ${String(item)}`);
      }
    } else if (v !== null && typeof v === 'object') {
      lines.push(`${indent}${k}:`, ...humanLines(v, `${indent}  `));
    } else lines.push(`${indent}${k}: ${v === null ? '-' : String(v)}`);
  }
  return lines;
}
