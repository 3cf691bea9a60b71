import { type Kafka, type Message, Partitioners } from 'kafkajs';
import type { CdnowTransaction } from './cdnow-file.js';
import { cdnowPurchase } from './cdnow-purchase.js';

/** What a replay wrote. */
export interface ReplaySummary {
  readonly events: number;
  readonly customers: number;
  /** The first and last purchase day, YYYY-MM-DD; undefined for an empty file. */
  readonly from: string | undefined;
  readonly to: string | undefined;
}

// Well under the broker's 1 MB request limit: a CDNOW event is about 400 bytes.
const BATCH_SIZE = 500;

/**
 * Publishes one purchase event per transaction to `topic`, keyed by customer, in event-time order
 * (day, then line): the file is sorted by customer, and a stream in that order would hold the
 * aggregator's replay watermark at the latest customer's last day while the next customer's
 * first purchases arrive, making them late. Each batch is acknowledged by all in-sync replicas
 * before the next is sent, so per-customer order holds.
 */
export async function replayCdnow(
  kafka: Kafka,
  topic: string,
  transactions: readonly CdnowTransaction[],
  currency: string,
): Promise<ReplaySummary> {
  const ordered = [...transactions].sort((p, q) =>
    p.day === q.day ? p.line - q.line : p.day < q.day ? -1 : 1,
  );
  const messages: Message[] = ordered.map((transaction) => {
    const event = cdnowPurchase(transaction, currency);
    return { key: event.customerId, value: JSON.stringify(event) };
  });
  // Not idempotent: kafkajs would then retry without limit, and a command should give up. A
  // resend after a lost acknowledgement duplicates a message, which consumers drop by event id;
  // one request in flight keeps the order.
  const producer = kafka.producer({
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // Java's murmur2 partitioner: a customer lands on the partition any other client chooses.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += BATCH_SIZE) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + BATCH_SIZE) });
    }
  } finally {
    await producer.disconnect();
  }
  return {
    events: messages.length,
    customers: new Set(ordered.map((transaction) => transaction.customer)).size,
    from: ordered[0]?.day,
    to: ordered[ordered.length - 1]?.day,
  };
}
