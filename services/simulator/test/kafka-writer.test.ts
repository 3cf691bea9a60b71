import { INPUT_TOPICS } from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import { connectKafka, createTopics, deleteTopics } from '@loyalty/testkit/servers';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrafficProducer, type Progress, writeToKafka } from '../src/kafka-writer.js';
import { type GeneratedMessage, generateTraffic } from '../src/traffic.js';
import { readTopics } from './read-topics.js';

let kafka: Kafka;
let producer: Producer;
const created: string[] = [];

async function freshTopics(): Promise<(topic: string) => string> {
  const prefix = `${uniqueName('sim')}.`;
  const topics = INPUT_TOPICS.map((t) => `${prefix}${t}`);
  await createTopics(kafka, topics, 3);
  created.push(...topics);
  return (topic) => `${prefix}${topic}`;
}

beforeAll(async () => {
  kafka = await connectKafka('simulator-test');
  producer = createTrafficProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  if (created.length > 0) await deleteTopics(kafka, created);
});

describe('writeToKafka on the real broker', () => {
  it('writes every message keyed by customer, in order per key, and reads back the same', async () => {
    const topicFor = await freshTopics();
    const messages = [
      ...generateTraffic({
        seed: 21,
        customers: 80,
        durationDays: 150,
        malformedShare: 0.03,
        duplicateShare: 0.02,
      }),
    ];
    const progress: Progress[] = [];
    const summary = await writeToKafka(producer, messages, {
      topicFor,
      batchSize: 100,
      total: messages.length,
      onProgress: (p) => progress.push(p),
    });

    expect(summary.messages).toBe(messages.length);
    expect(summary.byKind.malformed).toBeGreaterThan(0);
    expect(summary.byKind.duplicate).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ written: messages.length, total: messages.length });

    const read = await readTopics(kafka, INPUT_TOPICS.map(topicFor), messages.length);
    expect(read.length).toBe(messages.length);
    for (const topic of INPUT_TOPICS) {
      const sent = messages.filter((m) => m.topic === topic);
      const got = read.filter((m) => m.topic === topicFor(topic));
      expect(summary.byTopic[topicFor(topic)]).toBe(sent.length);
      expect(got.length).toBe(sent.length);
      for (const key of new Set(sent.map((m) => m.key))) {
        const ofKey = got.filter((m) => m.key === key);
        // One partition per key, holding the key's messages in the order they were generated.
        expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
        expect(ofKey.map((m) => m.value.toString('base64'))).toEqual(
          sent.filter((m) => m.key === key).map((m) => m.value.toString('base64')),
        );
      }
    }
    // Good events are keyed by their customerId.
    for (const m of messages.filter((s) => s.kind === 'good')) {
      expect((JSON.parse(m.value.toString('utf8')) as { customerId: string }).customerId).toBe(m.key);
    }
  });

  it('paces at a fixed rate: no message is sent before it is due', async () => {
    const topicFor = await freshTopics();
    const messages: GeneratedMessage[] = [];
    for (const m of generateTraffic({ seed: 22, customers: 50, durationDays: 60 })) {
      messages.push(m);
      if (messages.length === 60) break;
    }
    const calledAt = Date.now();
    const summary = await writeToKafka(producer, messages, {
      topicFor,
      pacing: { mode: 'rate', eventsPerSecond: 100 },
    });
    expect(summary.messages).toBe(60);
    const sentAt = (await readTopics(kafka, INPUT_TOPICS.map(topicFor), 60)).map((m) => m.timestampMs);
    // 60 messages at 100/s from the first, which goes no earlier than the call: the last is due
    // 590 ms after the call at the earliest. The writer sends what is due within its 10 ms
    // minimum wait at once, so it may go that much early. A busy machine only makes it later.
    expect(Math.max(...sentAt) - calledAt).toBeGreaterThanOrEqual(580);
  });

  it('stops when aborted and reports what it wrote', async () => {
    const topicFor = await freshTopics();
    const controller = new AbortController();
    const summary = await writeToKafka(producer, generateTraffic({ seed: 23, customers: 200 }), {
      topicFor,
      pacing: { mode: 'rate', eventsPerSecond: 50 },
      signal: controller.signal,
      onProgress: ({ written }) => {
        if (written >= 5) controller.abort();
      },
    });
    expect(summary.messages).toBeGreaterThanOrEqual(5);
    expect(summary.messages).toBeLessThan(100);
  });
});
