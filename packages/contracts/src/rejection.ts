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
] as const;
export type ParseRejectionReason = (typeof PARSE_REJECTION_REASONS)[number];

/**
 * Every reason a message can land on the dead-letter topic, and so the metric label values:
 * the parser's, plus two the aggregator finds after parsing (the Kafka key is not the event's
 * customerId; the customer's bounded history is full).
 */
export const REJECTION_REASONS = [
  ...PARSE_REJECTION_REASONS,
  'key_mismatch',
  'customer_history_full',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** An input message the parser rejected: the reason and a message for people. */
export interface ParseRejection {
  readonly ok: false;
  readonly reason: ParseRejectionReason;
  readonly message: string;
}
