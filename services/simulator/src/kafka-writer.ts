import type { Kafka, Message, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { Pacer, type Pacing, waitUntil } from './pacing.js';
import { SummaryCounter, type TrafficSummary } from './summary.js';
import type { GeneratedMessage, InputTopic } from './traffic.js';

/** Progress of a write, for a progress bar: messages written of an expected total. */
export interface Progress {
  readonly written: number;
  readonly total: number | undefined;
}

export interface KafkaWriteOptions {
  /** Messages per produce request; the default 500 keeps requests well under the 1 MB limit. */
  readonly batchSize?: number;
  readonly pacing?: Pacing;
  /** The topic each message goes to; by default its product topic. */
  readonly topicFor?: (topic: InputTopic) => string;
  /** The expected number of messages, passed on to onProgress. */
  readonly total?: number;
  readonly onProgress?: (progress: Progress) => void;
  /** Stops the write after the batch in flight; the summary covers what was written. */
  readonly signal?: AbortSignal;
}

export const DEFAULT_BATCH_SIZE = 500;
/** Waits shorter than this are not worth a timer: the messages join the current batch. */
const MIN_WAIT_MS = 10;

/**
 * A producer for simulated traffic: idempotent (acks from all in-sync replicas, sequence
 * numbers so a retry never duplicates or reorders), one request in flight, and Java's
 * murmur2 partitioner so a key lands on the partition any other client would choose.
 */
export function createTrafficProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** Fails with a message naming the missing topics when any of `topics` does not exist. */
export async function assertTopicsExist(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new Error(
        `topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing on the broker; ` +
          'create them first (`npm run stack up` creates the product topics)',
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Writes messages to Kafka in batches, keyed by customer, in the order given, paced as
 * asked. Each batch is acknowledged before the next is sent, so per-key order holds.
 * Resolves with the counts of what the broker acknowledged.
 */
export async function writeToKafka(
  producer: Producer,
  messages: Iterable<GeneratedMessage> | AsyncIterable<GeneratedMessage>,
  options: KafkaWriteOptions = {},
): Promise<TrafficSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const topicFor = options.topicFor ?? ((topic: InputTopic) => topic);
  const pacer = new Pacer(options.pacing ?? { mode: 'max' });
  const counter = new SummaryCounter();
  const batch: GeneratedMessage[] = [];

  const send = async (messages: readonly GeneratedMessage[]): Promise<void> => {
    const byTopic = new Map<string, Message[]>();
    for (const message of messages) {
      const topic = topicFor(message.topic);
      let list = byTopic.get(topic);
      if (list === undefined) {
        list = [];
        byTopic.set(topic, list);
      }
      list.push({ key: message.key, value: message.value });
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    });
    for (const message of messages) counter.add(message, topicFor(message.topic));
    options.onProgress?.({ written: counter.count, total: options.total });
  };

  // One batch in flight while the next is being gathered: generation overlaps the broker's
  // round trip, and a batch is only sent once the one before it is acknowledged.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const messages = batch.splice(0);
    await inFlight;
    inFlight = send(messages);
    // Its failure surfaces at the next await of inFlight; this only keeps it from being unhandled meanwhile.
    inFlight.catch(() => undefined);
  };

  for await (const message of messages) {
    if (options.signal?.aborted) break;
    const due = pacer.next(message.occurredAtMs);
    if (due - Date.now() >= MIN_WAIT_MS) {
      // Send what is due before waiting, so nothing sits in the batch while we sleep.
      await flush();
      if (!(await waitUntil(due, options.signal))) break;
    }
    batch.push(message);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await inFlight;
  return counter.summary();
}
