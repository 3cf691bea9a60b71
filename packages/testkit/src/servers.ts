// Clients of the real local stack for integration tests. Each checks that its server
// answers first, and fails with a message that says how to start it.
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { clickhouseEnv, kafkaEnv, parseEnv, redisEnv } from '@loyalty/config';
import { Redis } from 'ioredis';
import { type Admin, type IResourceConfigEntry, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { waitFor } from './wait-for.js';

const HOW_TO_START = 'start the local stack with `npm run stack up` (or run `npm test`, which does)';

function notReachable(server: string, where: string, error: unknown): Error {
  const why = error instanceof Error ? error.message : String(error);
  return new Error(`${server} is not reachable at ${where}: ${why}; ${HOW_TO_START}`);
}

export const stackEnv = {
  kafka: () => parseEnv(kafkaEnv, process.env),
  redis: () => parseEnv(redisEnv, process.env),
  clickhouse: () => parseEnv(clickhouseEnv, process.env),
};

/** A kafkajs client of the local broker, after checking the broker answers. */
export async function connectKafka(clientId = 'loyalty-test'): Promise<Kafka> {
  const { KAFKA_BROKERS } = stackEnv.kafka();
  const kafka = new Kafka({
    clientId,
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
    // Enough retries to ride out a few seconds of a busy broker (kafkajs' backoff doubles from 300 ms).
    retry: { retries: 6 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } catch (error) {
    throw notReachable('Kafka', KAFKA_BROKERS.join(','), error);
  } finally {
    await admin.disconnect();
  }
  return kafka;
}

/**
 * A topic to create: its name, or its name with config entries of its own (contracts'
 * topicSpecs gives each product topic the configs of its role, e.g. compaction).
 */
export type TopicToCreate =
  | string
  | { readonly topic: string; readonly configEntries?: readonly IResourceConfigEntry[] };

/**
 * Creates fresh topics and returns once they can be used (see waitForTopicsServed). The
 * broker gets the whole bound too: its own 5 s default can run out on a busy machine.
 * `configEntries` apply to every topic, after each topic's own.
 */
export async function createTopics(
  kafka: Kafka,
  topics: readonly TopicToCreate[],
  numPartitions = 3,
  {
    timeoutMs = 60_000,
    configEntries = [],
  }: { timeoutMs?: number; configEntries?: IResourceConfigEntry[] } = {},
): Promise<void> {
  const specs = topics.map((t) => (typeof t === 'string' ? { topic: t } : t));
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: specs.map(({ topic, configEntries: own = [] }) => ({
        topic,
        numPartitions,
        configEntries: [...own, ...configEntries],
      })),
      timeout: timeoutMs,
      // waitForTopicsServed checks more, and retries what kafkajs' own wait throws on.
      waitForLeaders: false,
    });
    await waitForTopicsServed(
      admin,
      specs.map((s) => s.topic),
      numPartitions,
      { timeoutMs },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every partition of the topics has a leader in the metadata and each leader
 * answers for its partitions (ListOffsets). A named leader alone is not enough: the broker can
 * name it before it hosts the partition, and a request made then fails with "This server does
 * not host this topic-partition" (kafkajs' `waitForLeaders` checks only the name).
 */
export async function waitForTopicsServed(
  admin: Admin,
  topics: readonly string[],
  numPartitions: number,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  await waitFor(
    `every partition of ${topics.join(', ')} (${numPartitions} each) to have a leader that serves it`,
    async () => ((await topicsServed(admin, topics, numPartitions)) ? true : undefined),
    { timeoutMs, intervalMs: 200 },
  );
}

async function topicsServed(
  admin: Admin,
  topics: readonly string[],
  numPartitions: number,
): Promise<boolean> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
  const led = topics.every((name) => {
    const partitions = metadata.find((t) => t.name === name)?.partitions ?? [];
    return (
      partitions.length === numPartitions &&
      partitions.every((p) => p.partitionErrorCode === 0 && p.leader >= 0 && p.isr.includes(p.leader))
    );
  });
  if (!led) return false;
  // Each leader answers for its partitions, or this throws and the wait goes on.
  for (const topic of topics) await admin.fetchTopicOffsets(topic);
  return true;
}

/** Deletes topics created by a test. */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...topics], timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Reads a topic from the beginning until `count` messages arrived (bounded by `timeoutMs`). */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<Array<KafkaMessage & { partition: number }>> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}` });
  const received: Array<KafkaMessage & { partition: number }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ ...message, partition });
      },
    });
    await waitFor(
      `${count} messages on ${topic} (have ${received.length})`,
      () => (received.length >= count ? true : undefined),
      {
        timeoutMs,
      },
    );
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** Reads every message a topic holds now (up to each partition's high watermark). */
export async function readAllMessages(
  kafka: Kafka,
  topic: string,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<Array<KafkaMessage & { partition: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = ends.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
  return total === 0 ? [] : readMessages(kafka, topic, total, { timeoutMs });
}

/** An ioredis client of the local Redis, after a PING. */
export async function connectRedis(url = stackEnv.redis().REDIS_URL): Promise<Redis> {
  const REDIS_URL = url;
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
  });
  // Restart tests take servers away on purpose; reconnection is ioredis's job.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw notReachable('Redis', REDIS_URL, error);
  }
  return redis;
}

/** A ClickHouse client of the local server, after a SELECT 1. */
export async function connectClickHouse(database?: string): Promise<ClickHouseClient> {
  const env = stackEnv.clickhouse();
  const client = createClient({
    url: env.CLICKHOUSE_URL,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    ...(database === undefined ? {} : { database }),
  });
  try {
    const ping = await client.ping();
    if (!ping.success) throw ping.error;
  } catch (error) {
    await client.close();
    throw notReachable('ClickHouse', env.CLICKHOUSE_URL, error);
  }
  return client;
}
