import { AvroDecoder, registryEndpoint } from '@loyalty/avro';
import { deadLetterHeaders, ParserConfigSchema, TOPICS } from '@loyalty/contracts';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MessageDecoder } from './decode-message.js';

const decoder = new MessageDecoder({ ...TOPICS }, ParserConfigSchema.parse({}));
// The decoding of batches without an Avro message, which never asks the registry (none runs
// at this address); Avro through a real registry is tested in test/avro.test.ts.
const jsonOnly = await new AvroDecoder(registryEndpoint('http://127.0.0.1:9/')).prepare([]);

function decode(topic: string, partition: number, m: KafkaMessage) {
  return decoder.decode(topic, partition, m, jsonOnly);
}
const NOW = Date.parse('2026-06-01T00:00:00Z');

function message(value: string | Buffer | null, extra: Partial<KafkaMessage> = {}): KafkaMessage {
  return {
    key: Buffer.from('cust-1'),
    value: typeof value === 'string' ? Buffer.from(value) : value,
    timestamp: String(NOW),
    attributes: 0,
    offset: '42',
    headers: {},
    ...extra,
  } as KafkaMessage;
}

const complaint = {
  type: 'complaint',
  eventId: 'k1',
  customerId: 'cust-1',
  occurredAt: '2026-05-01T10:00:00.000+02:00',
  source: 'crm',
  schemaVersion: 1,
  complaintId: 'c-1',
  status: 'opened',
  dimension: 'empathy',
  severity: 'low',
};

describe('MessageDecoder', () => {
  it('turns a valid input event into rows, in UTC', () => {
    const decoded = decode(TOPICS.complaints, 0, message(JSON.stringify(complaint)));
    expect(decoded).toMatchObject({ ok: true, rowCount: 1 });
    expect(decoded.ok && decoded.rows.complaints?.[0]).toMatchObject({
      event_id: 'k1',
      occurred_at: '2026-05-01 08:00:00',
      satisfaction: null,
      order_id: null,
    });
  });

  it('skips what the aggregator dead-letters, with its reason', () => {
    expect(decode(TOPICS.complaints, 0, message('{'))).toMatchObject({
      ok: false,
      reason: 'invalid_json',
    });
    expect(decode(TOPICS.purchases, 0, message(JSON.stringify(complaint)))).toMatchObject({
      ok: false,
      reason: 'unknown_type',
    });
    // Too far ahead of the message's own timestamp, however late it is read.
    const future = { ...complaint, occurredAt: '2026-06-02T00:00:00Z' };
    expect(decode(TOPICS.complaints, 0, message(JSON.stringify(future)))).toMatchObject({
      ok: false,
      reason: 'future_timestamp',
    });
  });

  it('skips input whose key is not its customerId, as the aggregator dead-letters it', () => {
    const value = JSON.stringify(complaint);
    for (const key of [Buffer.from('cust-2'), null]) {
      expect(decode(TOPICS.complaints, 0, message(value, { key }))).toMatchObject({
        ok: false,
        reason: 'key_mismatch',
      });
    }
    expect(decode(TOPICS.complaints, 0, message(value, { key: Buffer.from('cust-1') }))).toMatchObject({
      ok: true,
    });
  });

  it('skips events a DateTime cannot hold', () => {
    const old = { ...complaint, occurredAt: '1969-12-31T23:59:59Z' };
    expect(decode(TOPICS.complaints, 0, message(JSON.stringify(old)))).toMatchObject({
      ok: false,
      reason: 'out_of_range',
    });
  });

  it('stores nothing of the current-state topic, a fold of the change topics', () => {
    expect(decode(TOPICS.customerState, 0, message(null))).toMatchObject({
      ok: false,
      reason: 'unknown_topic',
    });
  });

  it('validates outputs against their schema', () => {
    expect(decode(TOPICS.tierChanges, 0, message('{"type":"tier-changed"}'))).toMatchObject({
      ok: false,
      reason: 'invalid_output',
    });
    expect(decode(TOPICS.stageChanges, 0, message(null))).toMatchObject({
      ok: false,
      reason: 'invalid_output',
    });
  });

  it('keeps dead letters, readable or not, with their bytes', () => {
    const headers = deadLetterHeaders(
      { reason: 'schema_violation', message: 'lines: too small' },
      { topic: TOPICS.purchases, partition: 2, offset: '7', timestampMs: -1 },
      NOW,
    );
    const letter = decode(TOPICS.deadLetters, 0, message(Buffer.from([0xc3, 0x28]), { headers }));
    expect(letter.ok && letter.rows.dead_letters).toEqual([
      {
        source_topic: TOPICS.purchases,
        source_partition: 2,
        source_offset: '7',
        source_timestamp: '1970-01-01 00:00:00',
        reason: 'schema_violation',
        message: 'lines: too small',
        message_key: 'cust-1',
        raw_payload: 'wyg=',
        payload_encoding: 'base64',
        rejected_at: '2026-06-01 00:00:00',
      },
    ]);
    const unreadable = decode(TOPICS.deadLetters, 3, message('x'));
    expect(unreadable.ok && unreadable.rows.dead_letters?.[0]).toMatchObject({
      source_topic: TOPICS.deadLetters,
      source_partition: 3,
      source_offset: '42',
      reason: 'unreadable_dead_letter',
      raw_payload: 'x',
    });
  });
});
