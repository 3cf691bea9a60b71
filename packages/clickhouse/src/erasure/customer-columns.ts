import type { TableName } from '../tables.js';

/** Where a table can hold a customer id, and what erasing the customer does there. */
export interface CustomerColumns {
  /** Columns whose value is the customer's id: the row is the customer's and is deleted. */
  readonly owner: readonly string[];
  /**
   * Text columns that may quote the id as a JSON string (a rejected message, its error text):
   * a row holding `"<id>"` is deleted. Matching the quoted form keeps "c1" from hitting "c10".
   */
  readonly quoting: readonly string[];
  /** Nullable columns naming another customer (a referral): set to NULL, the row is the referrer's. */
  readonly referring: readonly string[];
}

const NONE: CustomerColumns = { owner: [], quoting: [], referring: [] };
const OWNED: CustomerColumns = { owner: ['customer_id'], quoting: [], referring: [] };

/**
 * Every table, and where it can hold a customer id. Keyed by every TableName, so a new table
 * does not typecheck until someone decides what erasing a customer means for it.
 */
export const CUSTOMER_COLUMNS: Readonly<Record<TableName, CustomerColumns>> = {
  purchases: OWNED,
  purchase_lines: OWNED,
  complaints: OWNED,
  campaign_responses: { owner: ['customer_id'], quoting: [], referring: ['referred_customer_id'] },
  tier_changes: OWNED,
  stage_changes: OWNED,
  churn_signals: OWNED,
  // A dead letter is keyed by its customer; the payload and the error text (a key mismatch
  // quotes the key) may name them too. Payloads kept as base64 (not UTF-8) are matched by key only.
  dead_letters: { owner: ['message_key'], quoting: ['raw_payload', 'message'], referring: [] },
  // Model parameters fitted over all customers: nobody's data.
  model_fits: NONE,
  // Names customers by their keyed hash only.
  erasures: NONE,
};
