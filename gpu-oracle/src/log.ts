// Structured logs: one JSON object per line on stderr (or a given sink).
// Keys whose names look secret are redacted; key material never reaches here.

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET = /secret|private|keypair|password|token$/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function replacer(key: string, value: unknown): unknown {
  if (key && SECRET.test(key)) return '[redacted]';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** A JSON-lines logger; `MODELMINT_LOG_LEVEL` or `level` sets the threshold (default info). */
export function createLogger(
  o: { level?: Level; sink?: (line: string) => void; base?: Record<string, unknown> } = {},
): Logger {
  const level = o.level ?? (process.env.MODELMINT_LOG_LEVEL as Level | undefined) ?? 'info';
  const sink = o.sink ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = o.base ?? {};
  const emit = (l: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] < (ORDER[level] ?? 20)) return;
    sink(JSON.stringify({ ts: new Date().toISOString(), level: l, msg, ...base, ...fields }, replacer));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger({ level, sink, base: { ...base, ...f } }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
