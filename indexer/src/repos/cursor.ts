/** Opaque keyset-pagination cursors: base64url JSON of the last row's sort value and address. */
export interface PageCursor {
  /** The sort key of the last row, as text (exact for numeric and integer keys). */
  v: string;
  a: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Null when the text is not a cursor this server issued. */
export function decodeCursor(text: string): PageCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { v, a } = value as Record<string, unknown>;
    if (typeof v !== 'string' || typeof a !== 'string' || !/^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$/i.test(v)) return null;
    return { v, a };
  } catch {
    return null;
  }
}

/** A cursor this server did not issue, or one that does not fit the sort. */
export class InvalidCursorError extends Error {}
