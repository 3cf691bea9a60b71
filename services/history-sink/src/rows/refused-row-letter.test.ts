import { ClickHouseRowsRefusedError } from '@loyalty/clickhouse';
import { MAX_DEAD_LETTER_MESSAGE_CHARS } from '@loyalty/contracts';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { RefusedRow } from '../table-insert.js';
import { refusedRowLetter } from './refused-row-letter.js';
import type { RowSource } from './row-source.js';

const AT = Date.parse('2026-06-01T00:00:00Z');
const value = Buffer.from('{"type":"tier-changed","reason":"crossed \\ud800"}');

function refused(detail: string, attempt = 1, code = 25): RefusedRow<RowSource> {
  const message = {
    key: Buffer.from('cust-1'),
    value,
    timestamp: String(AT - 60_000),
    attributes: 0,
    offset: '1234',
    headers: {},
  } as KafkaMessage;
  return {
    table: 'tier_changes',
    row: {},
    source: { topic: 'loyalty.tier-changes.v1', partition: 2, message },
    error: new ClickHouseRowsRefusedError('tier_changes', code, detail, undefined),
    attempt,
  };
}

// As 18.16 words these refusals.
const SURROGATE =
  'Code: 25, e.displayText() = DB::Exception: Cannot parse escape sequence: missing second part of surrogate pair: (while read the value of key reason), e.what() = DB::Exception';
const QUOTING =
  'Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected , before: e30,"customer_id":"cust-1","reason":"x"}\\n: (at row 1)';

describe('refusedRowLetter', () => {
  it('names the message and keeps its bytes, with the reason and ClickHouse words', () => {
    expect(refusedRowLetter(refused(SURROGATE), AT)).toMatchObject({
      source_topic: 'loyalty.tier-changes.v1',
      source_partition: 2,
      source_offset: '1234',
      source_timestamp: '2026-05-31 23:59:00',
      reason: 'store_refused',
      message:
        'ClickHouse refused the tier_changes row of this message (code 25): Cannot parse escape sequence: missing second part of surrogate pair: (while read the value of key reason)',
      message_key: 'cust-1',
      raw_payload: value.toString('utf8'),
      payload_encoding: 'utf8',
      rejected_at: '2026-06-01 00:00:00',
    });
  });

  it('leaves out the input ClickHouse quotes, and keeps the text bounded', () => {
    const letter = refusedRowLetter(refused(QUOTING, 1, 27), AT);
    expect(letter?.message).toBe(
      'ClickHouse refused the tier_changes row of this message (code 27): Cannot parse input: expected , before: (input left out): (at row 1)',
    );
    expect(letter?.message).not.toContain('cust-1');
    const long = refusedRowLetter(refused(`Code: 25, ${'x'.repeat(5_000)}`), AT);
    expect(long?.message).toHaveLength(MAX_DEAD_LETTER_MESSAGE_CHARS);
  });

  it('keeps the bytes as base64 and the text well-formed once the first letter was refused, then gives up', () => {
    const second = refusedRowLetter(
      { ...refused(SURROGATE, 2), source: { ...refused(SURROGATE).source, topic: 'odd\ud800topic' } },
      AT,
    );
    expect(second).toMatchObject({
      source_topic: 'odd\ufffdtopic',
      source_offset: '1234',
      reason: 'store_refused',
      raw_payload: value.toString('base64'),
      payload_encoding: 'base64',
    });
    expect(refusedRowLetter(refused(SURROGATE, 3), AT)).toBeUndefined();
  });
});
