// The limits an input message is held to, as the published schemas state them to producers
// (zod descriptions -> schemas/json, and by hand the docs of schemas/avro). Each names the
// dead-letter reason of a message that breaks it, in brackets, and the variable that changes
// it. input-limits.test.ts keeps the numbers equal to the parser's and the docs complete;
// docs/input-contracts.md has the same limits as a table.

/** The limits of a whole input message sent on `topic`: transport, size, encoding, text, history. */
export function inputMessageLimits(topic: string): string {
  return (
    'Limits [dead-letter reason]: ' +
    `sent on ${topic}, prefixed by LOYALTY_TOPIC_NAMESPACE if set [unknown_type]; ` +
    'Kafka message key equal to customerId [key_mismatch]; ' +
    'value not empty [empty_message] and at most LOYALTY_MAX_MESSAGE_BYTES bytes, default 65536 (64 KiB) ' +
    '[too_large]; ' +
    'UTF-8 JSON [invalid_json], or Avro in the Confluent wire format under a registered schema id ' +
    '[unknown_schema, avro_decode_error]; ' +
    'JSON objects and arrays nested at most 32 levels deep, unknown fields included [schema_violation]; ' +
    'every string field well-formed Unicode: no lone UTF-16 surrogate, such as a JSON escape "\\ud800" ' +
    'without its pair [invalid_text]; ' +
    'at most AGGREGATOR_MAX_HISTORY events per customer, default 5000 [customer_history_full]. ' +
    'See docs/input-contracts.md.'
  );
}

/** The limit on an input event's occurredAt, after the envelope's own description. */
export const OCCURRED_AT_LIMIT =
  'At most LOYALTY_MAX_CLOCK_SKEW_MS milliseconds in the future, default 300000 (5 min): ahead of the ' +
  "aggregator's wall clock when it reads the event, and of the message's Kafka timestamp for the " +
  'history sink [future_timestamp].';

/** The limit on the currency of a purchase or a wallet estimate. */
export const CURRENCY_LIMIT =
  'Must be the base currency LOYALTY_BASE_CURRENCY, default EUR [currency_mismatch].';

/** The limit on the money of one customer, stated at a purchase's totalMinor. */
export const CUSTOMER_MONEY_LIMIT =
  "A customer's sum of totalMinor over all their sales and returns must stay at most 2^53-1 = " +
  '9007199254740991 minor units [amount_overflow].';
