import { uniqueName, waitFor } from '@loyalty/testkit';
import type { Kafka } from 'kafkajs';

/** A message read back from the broker. */
export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly value: Buffer;
  /** The broker's record timestamp: when the producer sent it (CreateTime). */
  readonly timestampMs: number;
}

/**
 * Reads several topics from the beginning with one consumer (one group join instead of one
 * per topic) until `count` messages arrived, bounded by `timeoutMs`; sorted by topic,
 * partition and offset.
 */
export async function readTopics(
  kafka: Kafka,
  topics: readonly string[],
  count: number,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('simulator-reader') });
  const received: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        received.push({
          topic,
          partition,
          offset: BigInt(message.offset),
          key: message.key?.toString('utf8') ?? '',
          value: message.value ?? Buffer.alloc(0),
          timestampMs: Number(message.timestamp),
        });
      },
    });
    await waitFor(
      `${count} messages on ${topics.join(', ')} (have ${received.length})`,
      () => (received.length >= count ? true : undefined),
      { timeoutMs },
    );
  } finally {
    await consumer.disconnect();
  }
  return received.sort(
    (a, b) =>
      a.topic.localeCompare(b.topic) ||
      a.partition - b.partition ||
      (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0),
  );
}
