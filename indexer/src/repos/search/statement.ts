/**
 * The SQL of a search: one statement whose text depends only on its shape (sort, each branch's
 * access and cursor, whether the text excludes a word), with every value a parameter. So
 * a shape is parsed and planned once per connection and then only executed (the search's read
 * pool keeps generic plans), and the access plan.ts chose is written into the text: conditions a
 * branch must not be driven by go into one `coalesce((...), false)`, which no index matches, so the
 * generic plan walks the sort's index, while the driving condition stays indexable.
 *
 * Each branch selects only its sort key and address, ordered and limited; the page's summary
 * columns are read for the page's rows alone, by primary key. Relevance's branches (tiers) are
 * read in order and only as far as the page needs.
 */
import type { ModelRow } from '../models.js';
import type { Access, Filters, Tier } from './plan.js';
import type { SearchText } from './text.js';

export type SortKey = 'uses' | 'gross_revenue' | 'rating_key' | 'created_at';

/** The model columns a page carries (`ModelSummary`). */
export const SUMMARY_COLUMNS = [
  'address',
  'name',
  'description',
  'tags',
  'image',
  'category',
  'visibility',
  'status',
  'creator',
  'owner',
  'payment_mint',
  'decimals',
  'price_per_use',
  'subscription_price',
  'pass_size',
  'pass_price',
  'uses',
  'gross_revenue',
  'rating_sum',
  'rating_count',
  'created_at',
] as const satisfies readonly (keyof ModelRow)[];

export interface Branch {
  tier: Tier;
  access: Access;
  /** Rows after this key position (the cursor's tier), none for a branch read from its start. */
  after: { value: string; address: string } | null;
}

export interface SearchShape {
  key: SortKey;
  text: SearchText | undefined;
  filters: Filters;
  branches: Branch[];
  /** Rows wanted: the page and one more (whether there is a next page). */
  want: number;
}

export interface Statement {
  text: string;
  params: unknown[];
}

/** Positional parameters by name: the same name is the same `$n`, numbered in order of first use. */
class Params {
  readonly values: unknown[] = [];
  readonly #index = new Map<string, number>();

  ref(name: string, value: unknown, type: string): string {
    let i = this.#index.get(name);
    if (i === undefined) {
      this.values.push(value);
      i = this.values.length;
      this.#index.set(name, i);
    }
    return `$${i}::${type}`;
  }
}

const KEY_TYPE: Record<SortKey, string> = {
  uses: 'numeric',
  gross_revenue: 'numeric',
  rating_key: 'numeric',
  created_at: 'bigint',
};

/**
 * A branch's conditions: those that may drive it (indexable, the access the branch was written
 * for) and the rest. The rest go into one `coalesce((... and ...), false)`, which no index matches
 * and which PostgreSQL estimates at one half: its product of per-condition guesses estimated one
 * matching row in the whole table, and then a walk after a cursor lost to sorting a third of it.
 */
interface Conditions {
  driving: string[];
  rest: string[];
}

/**
 * The filters, every one always written with its parameter (null: no filter), so the statement's
 * text does not change with the filters a request uses; the driving creator / owner one indexable.
 */
function filterConditions(p: Params, f: Filters, access: Access, c: Conditions): void {
  const optional = (condition: string, param: string) => `(${param} is null or ${condition})`;
  const eq = (column: string, value: string | undefined) => {
    const param = p.ref(column, value ?? null, 'text');
    return optional(`m.${column} = ${param}`, param);
  };
  const min = p.ref('min', f.minPrice ?? null, 'numeric');
  const max = p.ref('max', f.maxPrice ?? null, 'numeric');
  c.rest.push(
    'm.created_at is not null',
    eq('category', f.category),
    eq('visibility', f.visibility),
    eq('payment_mint', f.paymentMint),
    optional(`m.price_per_use >= ${min}`, min),
    optional(`m.price_per_use <= ${max}`, max),
  );
  const creator = p.ref('creator', f.creator ?? null, 'text');
  if (access === 'creator') c.driving.push(`m.creator = ${creator}`);
  else c.rest.push(optional(`m.creator = ${creator}`, creator));
  const owner = p.ref('owner', f.owner ?? null, 'text');
  if (access === 'owner') c.driving.push(`m.owner = ${owner}`);
  else c.rest.push(optional(`m.owner = ${owner}`, owner));
}

/** The text conditions of a branch: its tier's match drives it when the access is the text. */
function textConditions(p: Params, text: SearchText, tier: Tier, access: Access, c: Conditions): void {
  const q = p.ref('q', text.tsquery, 'tsquery');
  const inName = `m.search_name @@ ${q}`;
  const inTags = `m.search_tags @@ ${q}`;
  // Built only where used: a parameter the text does not use has no type PostgreSQL can infer.
  const anywhere = () => `(m.search @@ ${q} or m.name ilike ${p.ref('pattern', text.pattern, 'text')})`;
  const match = tier === 2 ? inName : tier === 1 ? inTags : anywhere();
  (access === 'text' ? c.driving : c.rest).push(match);
  if (tier === 1 || tier === 0) c.rest.push(`not (${inName})`);
  if (tier === 0) c.rest.push(`not (${inTags})`);
  // A name (or tags) match implies a match anywhere unless the text excludes a word.
  if ((tier === 2 || tier === 1) && text.negated) c.rest.push(anywhere());
}

/**
 * The page size is written into the statement, not passed: a generic plan costs `limit $n` as a
 * tenth of the rows, and then preferred reading a third of the sort index after a cursor and
 * sorting it (~100 ms) to walking 21 rows from the cursor on.
 */
function wantLiteral(want: number): string {
  if (!Number.isInteger(want) || want < 1 || want > 1000) throw new RangeError(`page size ${want}`);
  return String(want);
}

function branchSql(p: Params, s: SearchShape, b: Branch, index: number): string {
  const key = `m.${s.key}`;
  const c: Conditions = { driving: [], rest: [] };
  filterConditions(p, s.filters, b.access, c);
  if (s.text) textConditions(p, s.text, b.tier, b.access, c);
  const where = [...c.driving, `coalesce((${c.rest.join(' and ')}), false)`];
  // A branch that reads an index's matches sorts them: ordering by an expression no index holds
  // keeps the generic plan from walking the sort index instead (which it costs as cheaper for a
  // small page).
  const order = b.access === 'walk' ? key : `(${key} + 0)`;
  if (b.after) {
    // Descending key, ascending address: the bound on the key alone lets the walk start there.
    const v = p.ref(`after${index}`, b.after.value, KEY_TYPE[s.key]);
    const a = p.ref(`afterAddress${index}`, b.after.address, 'text');
    where.push(`${key} <= ${v}`, `(${key} < ${v} or m.address > ${a})`);
  }
  return `select ${b.tier ?? 0} as tier, ${key} as k, m.address from models m
    where ${where.join(' and ')} order by ${order} desc, m.address limit ${wantLiteral(s.want)}`;
}

/** How each summary column is written as JSON (`m` the model row). */
const ITEM_FIELDS: Record<(typeof SUMMARY_COLUMNS)[number], 'escaped' | 'array' | 'plain' | 'quoted'> = {
  address: 'quoted',
  name: 'escaped',
  description: 'escaped',
  tags: 'array',
  image: 'escaped',
  // Check-constrained words, and base58 addresses the decoder wrote: nothing to escape.
  category: 'quoted',
  visibility: 'quoted',
  status: 'quoted',
  creator: 'quoted',
  owner: 'quoted',
  payment_mint: 'quoted',
  decimals: 'plain',
  // u64 and unix times are decimal strings in the API, as postgres.js reads numeric and int8.
  price_per_use: 'quoted',
  subscription_price: 'quoted',
  pass_size: 'quoted',
  pass_price: 'quoted',
  uses: 'quoted',
  gross_revenue: 'quoted',
  rating_sum: 'quoted',
  rating_count: 'quoted',
  created_at: 'quoted',
};

/**
 * Each row's summary as JSON text, built by PostgreSQL: the server sends it on as it is, instead
 * of parsing ~450 values a page into objects and serialising them again (most of a search's Node
 * time). Written by concatenation, escaping only the free text: `json_build_object` took 13 us a
 * row, this about 8.
 */
const ITEM_JSON = `concat('{', ${SUMMARY_COLUMNS.map((c, i) => {
  const value = {
    escaped: `coalesce(to_json(m.${c})::text, 'null')`,
    array: `coalesce(array_to_json(m.${c})::text, 'null')`,
    plain: `coalesce(m.${c}::text, 'null')`,
    quoted: `coalesce('"' || m.${c} || '"', 'null')`,
  }[ITEM_FIELDS[c]];
  return `'${i === 0 ? '' : ','}"${c}":', ${value}`;
}).join(', ')}, '}')`;

/** The statement of a search shape, and its parameters: rows (item JSON, tier, key, address) in page order. */
export function searchStatement(s: SearchShape): Statement {
  const p = new Params();
  const branches = s.branches.map((b, i) => `(${branchSql(p, s, b, i)})`);
  // Branches come in tier order, each sorted: the union's first rows are the page's, and the limit
  // stops the reading there (PostgreSQL runs an Append's branches in order, the read pool never
  // in parallel), so a word that fills the page from the names never reads tags or descriptions.
  const page =
    branches.length === 1
      ? branches[0]
      : `select * from (${branches.join(' union all ')}) u limit ${wantLiteral(s.want)}`;
  return {
    text: `select ${ITEM_JSON} as item, p.tier, p.k::text as k, p.address from (${page}) p
      join models m on m.address = p.address order by p.tier desc, p.k desc, p.address`,
    params: p.values,
  };
}
