/** Why parseInputMessage rejects an input message. */
export const PARSE_REJECTION_REASONS = [
  'empty_message',
  'too_large',
  'invalid_json',
  'schema_violation',
  'unknown_type',
  'future_timestamp',
  'currency_mismatch',
  'lines_total_mismatch',
  'invalid_text',
] as const;
export type ParseRejectionReason = (typeof PARSE_REJECTION_REASONS)[number];

/**
 * Why an Avro input message (Confluent wire format) is rejected before its content reaches
 * the checks a JSON message gets: its schema id is not in the registry, or its bytes do not
 * decode with that schema. Kept apart from PARSE_REJECTION_REASONS, the outcomes the JSON
 * parser itself can give.
 */
export const AVRO_REJECTION_REASONS = ['unknown_schema', 'avro_decode_error'] as const;
export type AvroRejectionReason = (typeof AVRO_REJECTION_REASONS)[number];

/** Why an input message is rejected before it reaches the aggregator's state, JSON or Avro. */
export type InputRejectionReason = ParseRejectionReason | AvroRejectionReason;

/**
 * Every reason a message can land on the dead-letter topic, and so the metric label values:
 * the parsers', plus those the aggregator finds after parsing: the Kafka key is not the
 * event's customerId; the customer's bounded history is full; the customer's money total
 * would leave the safe integer range; Redis refused the one command of this message (a wrong
 * type at the customer's key, a script error).
 */
export const REJECTION_REASONS = [
  ...PARSE_REJECTION_REASONS,
  ...AVRO_REJECTION_REASONS,
  'key_mismatch',
  'customer_history_full',
  'amount_overflow',
  'store_refused',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** An input message the parser rejected: the reason and a message for people. */
export interface ParseRejection<Reason extends RejectionReason = ParseRejectionReason> {
  readonly ok: false;
  readonly reason: Reason;
  readonly message: string;
}
