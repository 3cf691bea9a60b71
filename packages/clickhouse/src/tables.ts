// The rows of the history tables as the sink writes them; the columns and their meaning are
// in infra/clickhouse/migrations. DateTime values are UTC text "YYYY-MM-DD hh:mm:ss" (see
// toClickHouseDateTime); ingested_at is left to its DEFAULT now().

export const TABLES = {
  purchases: 'purchases',
  purchaseLines: 'purchase_lines',
  complaints: 'complaints',
  campaignResponses: 'campaign_responses',
  walletEstimates: 'wallet_estimates',
  tierChanges: 'tier_changes',
  stageChanges: 'stage_changes',
  churnSignals: 'churn_signals',
  walletShareChanges: 'wallet_share_changes',
  pyramidLevelChanges: 'pyramid_level_changes',
  deadLetters: 'dead_letters',
  modelFits: 'model_fits',
  erasures: 'erasures',
} as const;

export type TableName = (typeof TABLES)[keyof typeof TABLES];

interface EventColumns {
  event_id: string;
  customer_id: string;
  occurred_at: string;
}

export interface PurchaseRow extends EventColumns {
  source: string;
  order_id: string;
  kind: 'sale' | 'return';
  return_of_order_id: string | null;
  channel: string;
  store_id: string | null;
  currency: string;
  total_minor: number;
  discount_minor: number;
  /** Signed: +total_minor for a sale, -total_minor for a return. */
  net_minor: number;
  line_count: number;
}

export interface PurchaseLineRow extends EventColumns {
  order_id: string;
  kind: 'sale' | 'return';
  line_no: number;
  sku: string;
  category: string;
  quantity: number;
  unit_price_minor: number;
}

export interface ComplaintRow extends EventColumns {
  source: string;
  complaint_id: string;
  status: string;
  dimension: string;
  severity: string;
  order_id: string | null;
  satisfaction: number | null;
}

export interface CampaignResponseRow extends EventColumns {
  source: string;
  campaign_id: string;
  channel: string;
  response: string;
  offer_id: string | null;
  revenue_minor: number | null;
  referred_customer_id: string | null;
  /** 1 in the campaign's control group, 0 treated, null outside an experiment. */
  control_group: number | null;
}

export interface WalletEstimateRow extends EventColumns {
  source: string;
  currency: string;
  wallet_minor: number;
  method: string;
  /** The segment whose estimate this is; null for the customer's own. */
  segment_id: string | null;
}

/** The columns every change event of the aggregator has (tier, stage, churn risk, share of wallet, pyramid level). */
interface ChangeColumns extends EventColumns {
  /**
   * 1 when the event corrects what subscribers were told after late input: previous_* is the
   * value last announced, occurred_at since when the corrected value holds (and may be earlier
   * than that of rows stored before it). 0 for an ordinary change.
   */
  correction: 0 | 1;
}

export interface TierChangeRow extends ChangeColumns {
  previous_tier: string | null;
  new_tier: string;
  direction: string;
  reason: string;
  qualifying_spend_minor: number;
  currency: string;
}

export interface StageChangeRow extends ChangeColumns {
  previous_stage: string | null;
  new_stage: string;
  reason: string;
}

export interface ChurnSignalRow extends ChangeColumns {
  previous_level: string | null;
  new_level: string;
  score: number;
  p_alive: number;
  drivers: string[];
  expected_purchases_90d: number | null;
  clv: number | null;
}

export interface WalletShareChangeRow extends ChangeColumns {
  previous_band: string | null;
  new_band: string;
  share: number;
  spend_minor: number;
  wallet_minor: number;
  currency: string;
}

export interface PyramidLevelChangeRow extends ChangeColumns {
  previous_level: string | null;
  new_level: string;
  value_minor: number;
  platinum_cutoff_minor: number;
  gold_cutoff_minor: number;
  iron_cutoff_minor: number;
  customers: number;
  currency: string;
}

export interface DeadLetterRow {
  source_topic: string;
  source_partition: number;
  /** A decimal string: Kafka offsets may exceed 2^53. */
  source_offset: string;
  source_timestamp: string;
  reason: string;
  message: string;
  message_key: string | null;
  raw_payload: string;
  payload_encoding: 'utf8' | 'base64';
  rejected_at: string;
}

/** One CLV model fit; cutoff is a Date ("YYYY-MM-DD"), spend parameters in major units. */
export interface ModelFitRow {
  fitted_at: string;
  cutoff: string;
  sample_size: number;
  log_likelihood: number;
  bgnbd_r: number;
  bgnbd_alpha: number;
  bgnbd_a: number;
  bgnbd_b: number;
  repeat_sample_size: number;
  gamma_gamma_log_likelihood: number;
  gamma_gamma_p: number;
  gamma_gamma_q: number;
  gamma_gamma_gamma: number;
}

/**
 * One step of a customer's erasure (007_erasures.sql); the customer is named by the keyed hash
 * subject_hash only. Counts are 0 in the 'started' row.
 */
export interface ErasureRow {
  subject_hash: string;
  erased_at_ms: number;
  erased_at: string;
  step: 'started' | 'completed';
  erased_by: string;
  redis_keys_deleted: number;
  redis_timers_removed: number;
  rows_deleted: number;
  values_cleared: number;
  redis_remaining: number;
  rows_remaining: number;
}

/** The row type of each table. */
export interface RowOf {
  purchases: PurchaseRow;
  purchase_lines: PurchaseLineRow;
  complaints: ComplaintRow;
  campaign_responses: CampaignResponseRow;
  wallet_estimates: WalletEstimateRow;
  tier_changes: TierChangeRow;
  stage_changes: StageChangeRow;
  churn_signals: ChurnSignalRow;
  wallet_share_changes: WalletShareChangeRow;
  pyramid_level_changes: PyramidLevelChangeRow;
  dead_letters: DeadLetterRow;
  model_fits: ModelFitRow;
  erasures: ErasureRow;
}

/** Rows for some of the tables. */
export type TableRows = { [T in TableName]?: RowOf[T][] };
