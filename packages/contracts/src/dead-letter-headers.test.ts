import { describe, expect, it } from 'vitest';
import {
  DEAD_LETTER_HEADERS,
  deadLetterHeaders,
  type KafkaHeaderValue,
  MAX_DEAD_LETTER_MESSAGE_CHARS,
  parseDeadLetterHeaders,
} from './dead-letter-headers.js';
import { TOPICS } from './topics.js';

const rejection = {
  reason: 'currency_mismatch',
  message: 'currency USD is not the base currency EUR',
} as const;
const source = {
  topic: TOPICS.purchases,
  partition: 3,
  offset: '18446744073709',
  timestampMs: 1_772_355_720_000,
};
const rejectedAtMs = 1_772_355_721_500;

describe('deadLetterHeaders', () => {
  it('writes every field as a string header', () => {
    expect(deadLetterHeaders(rejection, source, rejectedAtMs)).toEqual({
      'x-dlq-reason': 'currency_mismatch',
      'x-dlq-message': 'currency USD is not the base currency EUR',
      'x-dlq-source-topic': 'loyalty.purchases.v1',
      'x-dlq-source-partition': '3',
      'x-dlq-source-offset': '18446744073709',
      'x-dlq-source-timestamp': '1772355720000',
      'x-dlq-rejected-at': '1772355721500',
    });
  });

  it('bounds the message', () => {
    const headers = deadLetterHeaders({ ...rejection, message: 'm'.repeat(5000) }, source, rejectedAtMs);
    expect(headers[DEAD_LETTER_HEADERS.message]).toHaveLength(MAX_DEAD_LETTER_MESSAGE_CHARS);
  });
});

describe('parseDeadLetterHeaders', () => {
  it('inverts deadLetterHeaders', () => {
    expect(parseDeadLetterHeaders(deadLetterHeaders(rejection, source, rejectedAtMs))).toEqual({
      ok: true,
      deadLetter: { ...rejection, source, rejectedAtMs },
    });
  });

  it('reads Buffer values and the first of repeated headers, as Kafka clients deliver them', () => {
    const received: Record<string, KafkaHeaderValue> = {};
    for (const [name, value] of Object.entries(deadLetterHeaders(rejection, source, rejectedAtMs))) {
      received[name] = Buffer.from(value);
    }
    received[DEAD_LETTER_HEADERS.reason] = [Buffer.from('too_large'), 'invalid_json'];
    const result = parseDeadLetterHeaders(received);
    expect(result.ok && result.deadLetter.reason).toBe('too_large');
    expect(result.ok && result.deadLetter.source.partition).toBe(3);
  });

  it('reads the reasons the aggregator adds after parsing', () => {
    const headers = deadLetterHeaders(
      { reason: 'key_mismatch', message: 'key differs' },
      source,
      rejectedAtMs,
    );
    const result = parseDeadLetterHeaders(headers);
    expect(result.ok && result.deadLetter.reason).toBe('key_mismatch');
  });

  it('accepts the -1 Kafka gives a record without a timestamp', () => {
    const result = parseDeadLetterHeaders(
      deadLetterHeaders(rejection, { ...source, timestampMs: -1 }, rejectedAtMs),
    );
    expect(result.ok && result.deadLetter.source.timestampMs).toBe(-1);
  });

  it('names each missing or malformed header', () => {
    const headers: Record<string, KafkaHeaderValue> = {
      ...deadLetterHeaders(rejection, source, rejectedAtMs),
      [DEAD_LETTER_HEADERS.reason]: 'bad_vibes',
      [DEAD_LETTER_HEADERS.sourcePartition]: 'three',
      [DEAD_LETTER_HEADERS.sourceOffset]: undefined,
    };
    const result = parseDeadLetterHeaders(headers);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(
      /^x-dlq-reason: Invalid option: .*; x-dlq-source-partition: expected a decimal integer; x-dlq-source-offset: /,
    );
  });

  it('rejects headers from something other than the dead-letter writer', () => {
    expect(parseDeadLetterHeaders({}).ok).toBe(false);
    expect(parseDeadLetterHeaders({ 'content-type': 'application/json' }).ok).toBe(false);
  });
});
