// A fresh, isolated aggregator for one test: its own topic namespace, consumer group and
// Redis key prefix on the real local stack, removed afterwards.
import { erasureEnv, parseEnv, registryEnv } from '@loyalty/config';
import { namespacedTopics, type TopicNames, topicSpecs } from '@loyalty/contracts';
import { DEFAULT_RULES } from '@loyalty/core';
import { CustomerStore, deleteKeys, type RedisConnection } from '@loyalty/redis-store';
import { createLogger } from '@loyalty/runtime';
import { uniqueName, waitFor } from '@loyalty/testkit';
import { connectKafka, connectRedis, createTopics, deleteTopics } from '@loyalty/testkit/servers';
import type { Kafka, Message } from 'kafkajs';
import { Aggregator, type AggregatorDeps, type AggregatorOptions } from '../src/aggregator.js';
import type { CustomerValues } from '../src/customer-values.js';

export const PARTITIONS = 3;

export interface Harness {
  readonly kafka: Kafka;
  readonly redis: RedisConnection;
  readonly topics: TopicNames;
  readonly namespace: string;
  readonly prefix: string;
  readonly groupId: string;
  readonly store: CustomerStore<CustomerValues>;
  aggregator(overrides?: Partial<AggregatorOptions>, deps?: Partial<AggregatorDeps>): Aggregator;
  produce(topic: string, messages: Message[]): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Sets up fresh topics, group and key prefix; `redis` may be a private server's client or a
 * Redis Cluster's.
 */
export async function createHarness(redis?: RedisConnection): Promise<Harness> {
  const kafka = await connectKafka();
  const client = redis ?? (await connectRedis());
  const namespace = `${uniqueName('t')}.`;
  const topics = namespacedTopics(namespace);
  await createTopics(kafka, topicSpecs(topics), PARTITIONS);
  const prefix = `${namespace}`;
  const groupId = `${namespace}aggregator`;
  const store = new CustomerStore<CustomerValues>(client, {
    prefix,
    maxHistoryEntries: 5_000,
    erasureSecret: parseEnv(erasureEnv, process.env).LOYALTY_ERASURE_SECRET,
  });
  const producer = kafka.producer();
  await producer.connect();
  const started: Aggregator[] = [];
  return {
    kafka,
    redis: client,
    topics,
    namespace,
    prefix,
    groupId,
    store,
    aggregator(overrides = {}, deps = {}) {
      const aggregator = new Aggregator(
        {
          groupId,
          mode: 'replay',
          latenessMs: 3_600_000,
          timerIntervalMs: 1_000,
          topics,
          rules: DEFAULT_RULES,
          parser: { baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000 },
          registryUrl: parseEnv(registryEnv, process.env).REGISTRY_URL,
          ...overrides,
        },
        { kafka, store, log: createLogger('aggregator-test', 'error'), ...deps },
      );
      started.push(aggregator);
      return aggregator;
    },
    async produce(topic, messages) {
      for (let i = 0; i < messages.length; i += 1_000) {
        await producer.send({ topic, messages: messages.slice(i, i + 1_000), acks: -1 });
      }
    },
    async cleanup() {
      await Promise.allSettled(started.map((a) => a.stop()));
      await producer.disconnect();
      await deleteTopics(kafka, Object.values(topics)).catch(() => undefined);
      await deleteKeys(client, store.keys.everything());
      if (redis === undefined) client.disconnect();
    },
  };
}

/** Waits until the aggregator has consumed `count` messages. */
export async function waitForConsumed(
  aggregator: Aggregator,
  count: number,
  timeoutMs = 60_000,
): Promise<void> {
  await waitFor(
    `aggregator to consume ${count} messages (has ${aggregator.counts.consumed})`,
    () => (aggregator.counts.consumed >= count ? true : undefined),
    {
      timeoutMs,
    },
  );
}

/** A one-line sale of `totalMinor` EUR cents, customer `customerId`'s n-th, at `at` (epoch ms). */
export function sale(customerId: string, n: number, at: number, totalMinor: number, source = 'pos-test') {
  return {
    type: 'purchase',
    eventId: `${customerId}-sale-${n}`,
    customerId,
    occurredAt: new Date(at).toISOString(),
    source,
    schemaVersion: 1,
    orderId: `${customerId}-o${n}`,
    channel: 'pos',
    kind: 'sale',
    currency: 'EUR',
    totalMinor,
    discountMinor: 0,
    lines: [{ sku: 'sku-1', category: 'books', quantity: 1, unitPriceMinor: totalMinor }],
  };
}
