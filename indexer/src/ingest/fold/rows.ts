/**
 * The rows the fold keeps in memory: every column of each mirror table (as the database returns
 * it: int8 and numeric as decimal strings), plus factories for rows not seen before.
 */
import type {
  AccessGrant,
  ChainColumns,
  Config,
  Dispute,
  Job,
  Model,
  ModelVersion,
  Oracle,
  Pass,
  Rating,
  Subscription,
  TrustedMint,
} from '@modelmint/migrations';

export type ModelRow = Omit<Model, 'search' | 'search_name' | 'search_tags' | 'rating_key'>;
export type JobRow = Job;
export type ConfigRow = Config;
export type OracleRow = Oracle;
export type VersionRow = ModelVersion;
export type GrantRow = AccessGrant;
export type SubscriptionRow = Subscription;
export type PassRow = Pass;
export type DisputeRow = Dispute;
export type RatingRow = Rating;
export type TrustedMintRow = TrustedMint;

/** The all-zero address: "none" for addresses, the payment mint of SOL models. */
export const NONE_ADDRESS = '11111111111111111111111111111111';

export function newModel(address: string, chain: ChainColumns): ModelRow {
  return {
    address,
    asset_mint: null,
    creator: null,
    owner: null,
    category: null,
    visibility: null,
    status: null,
    current_version: '0',
    version_count: '0',
    card_hash: null,
    card_cid: null,
    payment_mint: null,
    vault: null,
    token_kind: null,
    decimals: null,
    escrowed: '0',
    price_per_use: null,
    subscription_price: null,
    pass_size: null,
    pass_price: null,
    uses: '0',
    gross_revenue: '0',
    withdrawn: '0',
    rating_sum: '0',
    rating_count: '0',
    created_at: null,
    settings_pos: chain.pos,
    name: null,
    symbol: null,
    uri: null,
    description: null,
    tags: [],
    image: null,
    ...chain,
  };
}

export function newJob(address: string, chain: ChainColumns): JobRow {
  return {
    address,
    requester: null,
    nonce: null,
    kind: null,
    model: null,
    version: null,
    weights_hash: null,
    weights_cid: null,
    mode: null,
    escrowed: null,
    mint: null,
    input_hash: null,
    input_cid: null,
    dataset_hash: null,
    config_hash: null,
    config_cid: null,
    fee_bps: null,
    refund_bps: 0,
    rating: 0,
    outcome: null,
    closed: false,
    oracle: null,
    status: 'open',
    status_pos: chain.pos,
    created_at: null,
    deadline: null,
    resolve_by: '0',
    claimed_at: null,
    delivered_at: null,
    finished_at: null,
    result_hash: null,
    result_cid: null,
    failure_code: null,
    refunded: null,
    creator_share: null,
    fee: null,
    ...chain,
  };
}

export function newOracle(address: string, chain: ChainColumns): OracleRow {
  return {
    address,
    authority: null,
    attestation_key: null,
    capabilities: null,
    can_infer: null,
    can_train: null,
    active: null,
    state_pos: '0',
    jobs_completed: '0',
    jobs_failed: '0',
    disputes_lost: '0',
    ...chain,
  };
}

export function newVersion(model: string, version: string, chain: ChainColumns): VersionRow {
  return {
    model,
    version,
    address: null,
    weights_hash: null,
    weights_cid: null,
    dataset_hash: null,
    dataset_cid: null,
    training_job: null,
    created_at: null,
    yanked: false,
    ...chain,
  };
}

export function newPass(model: string, wallet: string, chain: ChainColumns): PassRow {
  return {
    model,
    wallet,
    uses_left: '0',
    unit_price: '0',
    escrowed: '0',
    price: '0',
    size: '0',
    mint: null,
    closed: false,
    bought_pos: '0',
    ...chain,
  };
}

export function newDispute(job: string, chain: ChainColumns): DisputeRow {
  return {
    job,
    model: null,
    requester: null,
    reason_hash: null,
    reason_cid: null,
    opened_at: null,
    status: 'open',
    arbiter: null,
    refund_bps: null,
    refunded: null,
    resolved_at: null,
    ...chain,
  };
}

/** Decimal-string arithmetic (u64 values never pass through a JS number). */
export const add = (a: string | null, b: string | null): string => (BigInt(a ?? '0') + BigInt(b ?? '0')).toString();
export const sub = (a: string | null, b: string | null): string => (BigInt(a ?? '0') - BigInt(b ?? '0')).toString();
export const max = (a: string | null, b: string | null): string => {
  const x = BigInt(a ?? '0');
  const y = BigInt(b ?? '0');
  return (x > y ? x : y).toString();
};
export const posGt = (a: string, b: string): boolean => BigInt(a) > BigInt(b);
