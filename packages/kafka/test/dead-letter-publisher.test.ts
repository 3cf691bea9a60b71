// The dead-letter path on the real broker: a request never exceeds the broker's limit, however
// many rejections a batch has, and a rejected message too large to copy is trimmed, keeping its
// reference, instead of being retried forever.
import { DEAD_LETTER_HEADERS, parseDeadLetterHeaders } from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import { connectKafka, createTopics, deleteTopics, readMessages } from '@loyalty/testkit/servers';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterPublisher, type RejectedMessage } from '../src/index.js';

let kafka: Kafka;
let producer: Producer;
const created: string[] = [];

async function freshTopic(configEntries: Array<{ name: string; value: string }> = []): Promise<string> {
  const topic = uniqueName('dlq');
  await createTopics(kafka, [topic], 2, { configEntries });
  created.push(topic);
  return topic;
}

function rejected(offset: number, value: Buffer, key = `cus-${offset % 7}`): RejectedMessage {
  const message = {
    key: Buffer.from(key),
    value,
    offset: String(offset),
    timestamp: '1772355720000',
    attributes: 0,
    headers: {},
  } as KafkaMessage;
  return { topic: 'loyalty.purchases.v1', partition: 1, message, reason: 'schema_violation', text: 'bad' };
}

function offsetOf(m: KafkaMessage): string {
  const letter = parseDeadLetterHeaders(m.headers ?? {});
  if (!letter.ok) throw new Error(letter.message);
  return letter.deadLetter.source.offset;
}

beforeAll(async () => {
  kafka = await connectKafka('dead-letter-test');
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  if (created.length > 0) await deleteTopics(kafka, created);
});

describe('DeadLetterPublisher on the real broker', () => {
  it('splits a batch of rejections into requests the broker takes, losing none', {
    timeout: 120_000,
  }, async () => {
    const topic = await freshTopic();
    // 3,000 rejections of 1 KB: three times the broker's default limit in one batch.
    const batch = Array.from({ length: 3_000 }, (_, i) => rejected(i, Buffer.alloc(1_000, 'x')));
    await new DeadLetterPublisher(producer, topic).publish(batch);
    const letters = await readMessages(kafka, topic, batch.length, { timeoutMs: 90_000 });
    expect(new Set(letters.map(offsetOf)).size).toBe(batch.length);
    expect(letters.every((m) => m.value?.length === 1_000)).toBe(true);
  });

  it('trims a message over the limit, keeping its reference and saying what was cut', async () => {
    const topic = await freshTopic();
    const publisher = new DeadLetterPublisher(producer, topic);
    const huge = rejected(42, Buffer.alloc(1_048_400, 'y'));
    await publisher.publish([rejected(41, Buffer.from('{"small":1}')), huge]);
    const letters = await readMessages(kafka, topic, 2);
    const trimmed = letters.find((m) => offsetOf(m) === '42');
    expect(trimmed?.value?.length).toBeLessThan(1_000_000);
    expect(trimmed?.value?.subarray(0, 10).toString()).toBe('yyyyyyyyyy');
    expect(String(trimmed?.headers?.[DEAD_LETTER_HEADERS.message])).toMatch(
      /^\[dead letter trimmed from 5-byte key and 1048400-byte value \(sha256 [0-9a-f]{64}\)\] bad$/,
    );
    expect(letters.find((m) => offsetOf(m) === '41')?.value?.toString()).toBe('{"small":1}');
    expect(publisher.counts).toEqual({ schema_violation: 2 });
  });

  it('trims further for a topic whose own limit is lower, rather than retrying forever', async () => {
    const topic = await freshTopic([{ name: 'max.message.bytes', value: '20000' }]);
    const publisher = new DeadLetterPublisher(producer, topic);
    await publisher.publish([rejected(1, Buffer.alloc(50_000, 'z')), rejected(2, Buffer.from('{}'))]);
    const letters = await readMessages(kafka, topic, 2);
    // The broker may take the other partition's part of the refused request: that letter then
    // comes twice (the dead-letter table keeps one row per source offset).
    expect([...new Set(letters.map(offsetOf))].sort()).toEqual(['1', '2']);
    const trimmed = letters.find((m) => offsetOf(m) === '1');
    expect(trimmed?.value?.length).toBeLessThan(20_000);
    expect(String(trimmed?.headers?.[DEAD_LETTER_HEADERS.message])).toContain('50000-byte value');
  });
});
