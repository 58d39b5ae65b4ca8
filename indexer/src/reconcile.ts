/**
 * Reconciliation: the mirrored account rows compared with the accounts on chain (decoded with
 * the SDK's generated account decoders), and repaired. What the events cannot say (an SPL
 * model's token program and decimals) is filled here; anything else that differs is reported
 * and overwritten with the chain's value, with a count.
 */
import { cidToString, generated, isNoneCid } from '@modelmint/sdk';
import { sql } from 'kysely';
import type { Db, Trx } from './db/index.js';
import { NONE_ADDRESS } from './ingest/fold/rows.js';
import { CATEGORIES, JOB_KINDS, MODEL_STATUSES, PAYMENT_MODES, VISIBILITIES } from './ingest/handlers/context.js';
import { lockIngest } from './ingest/lock.js';

/** One account owned by the program, as getProgramAccounts / getMultipleAccounts return it. */
export interface ProgramAccount {
  address: string;
  data: Uint8Array;
}

/** Where reconciliation reads the chain. */
export interface AccountSource {
  /** Every account the program owns. */
  programAccounts(): Promise<ProgramAccount[]>;
}

type Table =
  | 'config'
  | 'oracles'
  | 'models'
  | 'model_versions'
  | 'access_grants'
  | 'subscriptions'
  | 'passes'
  | 'jobs'
  | 'trusted_mints';
type Value = string | number | boolean | null;

/** What one account says its row must hold. */
export interface ExpectedRow {
  table: Table;
  key: Record<string, string>;
  fields: Record<string, Value>;
}

export interface AccountDiff {
  table: Table;
  key: Record<string, string>;
  field: string;
  db: Value | undefined;
  chain: Value | undefined;
}

const JOB_STATUSES = ['open', 'claimed', 'delivered', 'disputed', 'settled', 'refunded'] as const;
const KEYS: Record<Table, string[]> = {
  config: ['address'],
  oracles: ['address'],
  models: ['address'],
  model_versions: ['model', 'version'],
  access_grants: ['model', 'wallet'],
  subscriptions: ['model', 'wallet'],
  passes: ['model', 'wallet'],
  jobs: ['address'],
  trusted_mints: ['mint'],
};
/** Rows kept after their account closed, and the flag saying so. */
const CLOSED_FLAG: Partial<Record<Table, string>> = {
  jobs: 'closed',
  passes: 'closed',
  access_grants: 'revoked',
  subscriptions: 'closed',
  trusted_mints: 'removed',
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const cid = (b: Uint8Array): string | null => (isNoneCid(b) ? null : cidToString(b));
const pick = <T extends string>(values: readonly T[], i: number): T | null => values[i] ?? null;
const noneToNull = (a: string): string | null => (a === NONE_ADDRESS ? null : a);

const decoders: Array<{ discriminator: string; expect: (address: string, data: Uint8Array) => ExpectedRow }> = [
  {
    discriminator: hex(generated.CONFIG_DISCRIMINATOR),
    expect: (address, data) => {
      const c = generated.getConfigDecoder().decode(data);
      return {
        table: 'config',
        key: { address },
        fields: {
          admin: c.admin,
          treasury: c.treasury,
          arbiter: c.arbiter,
          fee_bps: c.feeBps,
          dispute_window_secs: String(c.disputeWindowSecs),
          inference_timeout_secs: String(c.inferenceTimeoutSecs),
          training_timeout_secs: String(c.trainingTimeoutSecs),
          paused: c.paused,
          // A config written before the field holds 0, which the program reads as 14 days.
          dispute_resolution_secs: String(c.disputeResolutionSecs === 0n ? 1_209_600n : c.disputeResolutionSecs),
        },
      };
    },
  },
  {
    discriminator: hex(generated.ORACLE_DISCRIMINATOR),
    expect: (address, data) => {
      const o = generated.getOracleDecoder().decode(data);
      return {
        table: 'oracles',
        key: { address },
        fields: {
          authority: o.authority,
          attestation_key: o.attestationKey,
          capabilities: o.capabilities,
          active: o.active,
          jobs_completed: String(o.completed),
          jobs_failed: String(o.failed),
          disputes_lost: String(o.disputesLost),
        },
      };
    },
  },
  {
    discriminator: hex(generated.MODEL_DISCRIMINATOR),
    expect: (address, data) => {
      const m = generated.getModelDecoder().decode(data);
      return {
        table: 'models',
        key: { address },
        fields: {
          asset_mint: m.assetMint,
          creator: m.creator,
          category: pick(CATEGORIES, m.category),
          visibility: pick(VISIBILITIES, m.visibility),
          status: pick(MODEL_STATUSES, m.status),
          current_version: String(m.currentVersion),
          version_count: String(m.versionCount),
          card_cid: cid(new Uint8Array(m.cardCid)),
          payment_mint: m.paymentMint,
          vault: m.vault,
          token_kind: m.tokenKind,
          decimals: m.decimals,
          price_per_use: String(m.pricePerUse),
          subscription_price: String(m.subscriptionPrice),
          pass_size: String(m.passSize),
          pass_price: String(m.passPrice),
          uses: String(m.uses),
          gross_revenue: String(m.grossRevenue),
          rating_sum: String(m.ratingSum),
          rating_count: String(m.ratingCount),
          escrowed: String(m.escrowed),
        },
      };
    },
  },
  {
    discriminator: hex(generated.MODEL_VERSION_DISCRIMINATOR),
    expect: (address, data) => {
      const v = generated.getModelVersionDecoder().decode(data);
      return {
        table: 'model_versions',
        key: { model: v.model, version: String(v.version) },
        fields: {
          address,
          yanked: v.yanked,
          weights_cid: cid(new Uint8Array(v.weightsCid)),
          dataset_cid: cid(new Uint8Array(v.datasetCid)),
          training_job: v.trainingJob,
          created_at: String(v.createdAt),
        },
      };
    },
  },
  {
    discriminator: hex(generated.ACCESS_GRANT_DISCRIMINATOR),
    expect: (_address, data) => {
      const g = generated.getAccessGrantDecoder().decode(data);
      return {
        table: 'access_grants',
        key: { model: g.model, wallet: g.user },
        fields: { expires_at: String(g.expiresAt), revoked: false },
      };
    },
  },
  {
    discriminator: hex(generated.SUBSCRIPTION_DISCRIMINATOR),
    expect: (_address, data) => {
      const s = generated.getSubscriptionDecoder().decode(data);
      return {
        table: 'subscriptions',
        key: { model: s.model, wallet: s.user },
        fields: {
          expires_at: String(s.expiresAt),
          value: String(s.value),
          value_since: String(s.valueSince),
          closed: false,
        },
      };
    },
  },
  {
    discriminator: hex(generated.PASS_DISCRIMINATOR),
    expect: (_address, data) => {
      const p = generated.getPassDecoder().decode(data);
      return {
        table: 'passes',
        key: { model: p.model, wallet: p.user },
        fields: {
          uses_left: String(p.usesLeft),
          unit_price: String(p.unitPrice),
          escrowed: String(p.balance),
          price: String(p.price),
          size: String(p.size),
          closed: false,
        },
      };
    },
  },
  {
    discriminator: hex(generated.JOB_DISCRIMINATOR),
    expect: (address, data) => {
      const j = generated.getJobDecoder().decode(data);
      return {
        table: 'jobs',
        key: { address },
        fields: {
          requester: j.requester,
          nonce: String(j.nonce),
          model: j.model,
          kind: pick(JOB_KINDS, j.kind),
          mode: pick(PAYMENT_MODES, j.mode),
          status: pick(JOB_STATUSES, j.status),
          version: String(j.version),
          weights_cid: cid(new Uint8Array(j.weightsCid)),
          input_cid: cid(new Uint8Array(j.inputCid)),
          config_cid: cid(new Uint8Array(j.configCid)),
          mint: j.paymentMint,
          escrowed: String(j.escrow),
          fee_bps: j.feeBps,
          refund_bps: j.refundBps,
          oracle: noneToNull(j.oracle),
          created_at: String(j.createdAt),
          deadline: String(j.deadline),
          resolve_by: String(j.resolveBy),
          delivered_at: String(j.deliveredAt),
          result_cid: cid(new Uint8Array(j.resultCid)),
          rating: j.rating,
          closed: false,
        },
      };
    },
  },
  {
    discriminator: hex(generated.TRUSTED_MINT_DISCRIMINATOR),
    expect: (_address, data) => {
      const t = generated.getTrustedMintDecoder().decode(data);
      return { table: 'trusted_mints', key: { mint: t.mint }, fields: { removed: false } };
    },
  },
];
const byDiscriminator = new Map(decoders.map((d) => [d.discriminator, d.expect]));

/** The rows the program's accounts say the mirror must hold (other accounts are ignored). */
export function expectedRows(accounts: readonly ProgramAccount[]): ExpectedRow[] {
  const out: ExpectedRow[] = [];
  for (const a of accounts) {
    const expect = byDiscriminator.get(hex(a.data.subarray(0, 8)));
    if (expect) out.push(expect(a.address, a.data));
  }
  return out;
}

const norm = (v: unknown): Value | undefined =>
  v === undefined ? undefined : v === null ? null : typeof v === 'boolean' ? v : String(v);
const rowKey = (table: Table, row: Record<string, unknown>) => KEYS[table].map((k) => String(row[k])).join('|');

/** Every difference between the mirror and the accounts (rows missing, extra, or with other values). */
export async function diffAccounts(db: Db | Trx, accounts: readonly ProgramAccount[]): Promise<AccountDiff[]> {
  const expected = expectedRows(accounts);
  const diffs: AccountDiff[] = [];
  for (const table of Object.keys(KEYS) as Table[]) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const stored = new Map(rows.rows.map((r) => [rowKey(table, r), r]));
    const seen = new Set<string>();
    for (const e of expected.filter((x) => x.table === table)) {
      const k = rowKey(table, e.key);
      seen.add(k);
      const row = stored.get(k);
      if (!row) {
        diffs.push({ table, key: e.key, field: '*', db: undefined, chain: 'exists' });
        continue;
      }
      for (const [field, value] of Object.entries(e.fields)) {
        if (norm(row[field]) !== norm(value))
          diffs.push({ table, key: e.key, field, db: norm(row[field]), chain: value });
      }
    }
    const flag = CLOSED_FLAG[table];
    for (const [k, row] of stored) {
      if (seen.has(k) || (flag && row[flag] === true)) continue;
      const key = Object.fromEntries(KEYS[table].map((c) => [c, String(row[c])]));
      diffs.push({ table, key, field: flag ?? '*', db: flag ? false : 'exists', chain: flag ? true : undefined });
    }
  }
  return diffs;
}

export interface ReconcileResult {
  accounts: number;
  diffs: AccountDiff[];
  /** Rows changed to match the chain. */
  repaired: number;
}

/**
 * Compares the mirror with the chain and (unless `repair` is false) writes the chain's values into
 * the rows that differ: fields overwritten, missing rows inserted, rows of closed accounts marked
 * closed / revoked. Returns what differed and how many rows were repaired.
 */
export async function reconcile(
  db: Db,
  source: AccountSource,
  options: { repair?: boolean; slot?: string } = {},
): Promise<ReconcileResult> {
  const accounts = await source.programAccounts();
  return db.transaction().execute(async (trx) => {
    await lockIngest(trx);
    const diffs = await diffAccounts(trx, accounts);
    if (options.repair === false || diffs.length === 0) return { accounts: accounts.length, diffs, repaired: 0 };
    const expected = new Map(expectedRows(accounts).map((e) => [`${e.table}:${rowKey(e.table, e.key)}`, e]));
    const rows = new Map<string, AccountDiff[]>();
    for (const d of diffs) {
      const k = `${d.table}:${rowKey(d.table, d.key)}`;
      rows.set(k, [...(rows.get(k) ?? []), d]);
    }
    let repaired = 0;
    for (const [k, list] of rows) {
      const first = list[0] as AccountDiff;
      const where = sql.join(
        Object.entries(first.key).map(([c, v]) => sql`${sql.ref(c)}::text = ${v}`),
        sql` and `,
      );
      const e = expected.get(k);
      if (first.field === '*' && e) {
        const values = {
          ...e.key,
          ...e.fields,
          slot: options.slot ?? '0',
          signature: 'reconcile',
          commitment: 'finalized',
          pos: '0',
        };
        if (e.table === 'jobs') Object.assign(values, { status_pos: '0' });
        const cols = Object.keys(values);
        await sql`insert into ${sql.table(e.table)} (${sql.join(cols.map((c) => sql.ref(c)))})
          values (${sql.join(cols.map((c) => sql`${(values as Record<string, Value>)[c]}`))})`.execute(trx);
      } else if (first.field === '*') {
        continue; // an account the mirror has but the chain does not, with no closed flag: reported only
      } else {
        const set = sql.join(list.map((d) => sql`${sql.ref(d.field)} = ${d.chain ?? null}`));
        await sql`update ${sql.table(first.table)} set ${set} where ${where}`.execute(trx);
      }
      repaired++;
    }
    return { accounts: accounts.length, diffs, repaired };
  });
}
