// The naive implementation the aggregator is measured against: kafkajs eachMessage, one
// awaited Redis command per event. It is a strawman on purpose, so its keys are its own
// (under `keyPrefix`) and not the product's layout.
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { pollUntil } from '../demo/poll-until.js';
import { type ConsumeRate, rate } from './raw-consumer.js';

/** Handles `events` messages one at a time (parse, one HINCRBY) and measures the rate. */
export async function measureNaiveConsume(
  kafka: Kafka,
  redis: Redis,
  groupId: string,
  topics: readonly string[],
  events: number,
  keyPrefix: string,
  guard: () => void,
): Promise<ConsumeRate> {
  const consumer = kafka.consumer({ groupId });
  let count = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (count >= events) return;
        firstAt ??= Date.now();
        const event = JSON.parse(String(message.value)) as { customerId: string; totalMinor?: number };
        await redis.hincrby(`${keyPrefix}{${event.customerId}}`, 'spendMinor', event.totalMinor ?? 0);
        count += 1;
        lastAt = Date.now();
      },
    });
    await pollUntil(
      `the naive consumer to handle ${events} messages`,
      () => (count >= events ? true : undefined),
      {
        timeoutMs: 60_000 + events * 2,
        intervalMs: 50,
        guard,
      },
    );
  } finally {
    await consumer.disconnect();
  }
  const ms = lastAt - (firstAt ?? lastAt);
  return { events: count, ms, eventsPerS: rate(count, ms) };
}
