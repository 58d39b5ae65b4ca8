/**
 * A search text as PostgreSQL reads it (`websearch_to_tsquery('english', q)`), with the lexemes
 * its matches must contain, for estimating how many models match. Asked of the database once per
 * distinct text and kept (a bounded map, oldest out first): popular searches repeat.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/index.js';

export interface SearchText {
  /** The text as sent, trimmed. */
  q: string;
  /** The tsquery, as text (parsed again by the search statement as a parameter). */
  tsquery: string;
  /** Lexemes a match must contain (negated ones left out); empty when none is required. */
  lexemes: string[];
  /** Whether the lexemes are alternatives (`or`) rather than all required. */
  any: boolean;
  /** Whether a lexeme must be absent (`-word`): then a name match alone does not imply a match. */
  negated: boolean;
  /** The `ilike` pattern matching the text as a substring of a name. */
  pattern: string;
}

const LEXEME = /'((?:[^']|'')*)'/g;

export class SearchTexts {
  readonly #cache = new Map<string, Promise<SearchText>>();

  constructor(readonly maxEntries = 10_000) {}

  get(db: DbOrTrx, q: string): Promise<SearchText> {
    const hit = this.#cache.get(q);
    if (hit) return hit;
    const read = analyze(db, q);
    if (this.#cache.size >= this.maxEntries) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(q, read);
    read.catch(() => this.#cache.delete(q));
    return read;
  }
}

async function analyze(db: DbOrTrx, q: string): Promise<SearchText> {
  const { rows } = await sql<{ tsquery: string; tree: string }>`
    select websearch_to_tsquery('english', ${q})::text as tsquery,
      querytree(websearch_to_tsquery('english', ${q}))::text as tree`.execute(db);
  const tsquery = rows[0]?.tsquery ?? '';
  const tree = rows[0]?.tree ?? '';
  const lexemes = [...tree.matchAll(LEXEME)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
  return {
    q,
    tsquery,
    lexemes,
    // Operators outside the quoted lexemes.
    any: tree.replace(LEXEME, '').includes('|'),
    negated: tsquery.replace(LEXEME, '').includes('!'),
    pattern: `%${q.replace(/[\\%_]/g, '\\$&')}%`,
  };
}
