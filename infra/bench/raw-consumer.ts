// The client's ceiling: a kafkajs consumer that only reads the topics, with the
// aggregator's fetch settings (1 MB per partition, one partition's batch at a time).
import type { Kafka } from 'kafkajs';
import { pollUntil } from '../demo/poll-until.js';

export interface ConsumeRate {
  readonly events: number;
  /** From the first message received to the last one counted (group join excluded). */
  readonly ms: number;
  readonly eventsPerS: number;
}

/** Reads `events` messages of `topics` from the beginning and measures how fast they arrived. */
export async function measureRawConsume(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  events: number,
  guard: () => void,
): Promise<ConsumeRate> {
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 1_048_576 });
  let count = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch }) => {
        firstAt ??= Date.now();
        count += batch.messages.length;
        lastAt = Date.now();
      },
    });
    await pollUntil(
      `the raw consumer to read ${events} messages`,
      () => (count >= events ? true : undefined),
      {
        timeoutMs: 60_000 + events / 5,
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

/** Events per second, rounded. */
export function rate(events: number, ms: number): number {
  return Math.round(events / Math.max(ms / 1000, 0.001));
}
