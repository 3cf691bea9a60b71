import type { TableName } from '../tables.js';

/** Where a table can hold a customer id, and what erasing the customer does there. */
export interface CustomerColumns {
  /**
   * SQL expressions over a row, each a column or a value read from one, that hold the id on the
   * customer's rows: a row where one equals the id is deleted. Compared whole, never searched
   * for as a substring, so an id matches neither a longer one ("c1" in "c10") nor another
   * field's value ("purchase" in `"type":"purchase"`).
   */
  readonly owner: readonly string[];
  /** Nullable columns naming another customer (a referral): set to NULL, the row is the referrer's. */
  readonly referring: readonly string[];
}

const NONE: CustomerColumns = { owner: [], referring: [] };
const OWNED: CustomerColumns = { owner: ['customer_id'], referring: [] };

// The string value of a field of a dead letter's JSON payload, '' when it has none.
// visitParamExtractString (18.16 and current releases alike, which also call it
// simpleJSONExtractString) finds the first `"<name>":` in the text and decodes its value,
// escapes included; 18.16 has no JSON parser that does more. It expects no space around the
// colon, so spaces there are taken out first: in JSON text only a key is followed by a colon,
// and a quote inside a string is escaped, so no string value is touched. Payloads kept as
// base64 (not UTF-8) have no fields to read.
function payloadField(name: string): string {
  return String.raw`if(payload_encoding = 'utf8', visitParamExtractString(replaceRegexpAll(raw_payload, '"${name}"\\s*:\\s*', '"${name}":'), '${name}'), '')`;
}

/**
 * Every table, and where it can hold a customer id. Keyed by every TableName, so a new table
 * does not typecheck until someone decides what erasing a customer means for it.
 */
export const CUSTOMER_COLUMNS: Readonly<Record<TableName, CustomerColumns>> = {
  purchases: OWNED,
  purchase_lines: OWNED,
  complaints: OWNED,
  campaign_responses: { owner: ['customer_id'], referring: ['referred_customer_id'] },
  // A segment's estimate is stored per member: erasing one removes that member's row only.
  wallet_estimates: OWNED,
  tier_changes: OWNED,
  stage_changes: OWNED,
  churn_signals: OWNED,
  wallet_share_changes: OWNED,
  pyramid_level_changes: OWNED,
  // A dead letter is the key's customer's and the payload's customer's (they differ on a key
  // mismatch, whose error text quotes the key, so that text adds nothing), and it is deleted
  // for the customer a rejected referral names too: the payload cannot be edited as a referral
  // row is. Other fields and the error text are never searched: an id equal to a field value
  // ("sale", "EUR") would hit other customers' dead letters.
  dead_letters: {
    owner: ['message_key', payloadField('customerId'), payloadField('referredCustomerId')],
    referring: [],
  },
  // Model parameters fitted over all customers: nobody's data.
  model_fits: NONE,
  // Names customers by their keyed hash only.
  erasures: NONE,
};
