// What the sink's integration tests share: fresh topics, a fresh database, a sink run
// in-process, and counting rows after deduplication.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  createClickHouseClient,
  quoteIdentifier,
  selectRows,
  TABLES,
  type TableName,
} from '@loyalty/clickhouse';
import { namespacedTopics, type TopicNames, topicSpecs } from '@loyalty/contracts';
import { createLogger } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import { createTopics, deleteTopics } from '@loyalty/testkit/servers';
import type { Kafka } from 'kafkajs';
import { expect } from 'vitest';
import { loadSinkConfig, type SinkConfig } from '../src/config.js';
import { HistorySink, type SinkDependencies } from '../src/history-sink.js';

/** Fresh topics (3 partitions each) and a fresh database name, with sink settings for tests. */
export async function freshSinkSetup(
  kafka: Kafka,
  env: Record<string, string> = {},
): Promise<{ config: SinkConfig; topics: TopicNames; cleanup: () => Promise<void> }> {
  const namespace = `${uniqueName('sink')}.`;
  const topics = namespacedTopics(namespace);
  await createTopics(kafka, topicSpecs(topics), 3);
  const config = loadSinkConfig({
    ...process.env,
    LOYALTY_TOPIC_NAMESPACE: namespace,
    LOYALTY_TOPIC_PARTITIONS: '3',
    SINK_GROUP_ID: uniqueName('history'),
    CLICKHOUSE_DATABASE: uniqueName('sink', '_'),
    SINK_FLUSH_MS: '200',
    SINK_RETRY_INITIAL_MS: '100',
    SINK_RETRY_MAX_MS: '1000',
    ...env,
  });
  return {
    config,
    topics,
    cleanup: async () => {
      await deleteTopics(kafka, Object.values(topics));
      const admin = createClickHouseClient(config.clickhouse, undefined);
      try {
        await admin.command({
          query: `DROP DATABASE IF EXISTS ${quoteIdentifier(config.clickhouse.CLICKHOUSE_DATABASE)}`,
        });
      } finally {
        await admin.close();
      }
    },
  };
}

/** A sink over the given setup, logging only problems unless LOG_LEVEL says otherwise. */
export function testSink(
  config: SinkConfig,
  kafka: Kafka,
  deps: Partial<Omit<SinkDependencies, 'kafka' | 'log'>> = {},
): HistorySink {
  return new HistorySink(config, {
    kafka,
    log: createLogger('history-sink-test', process.env.LOG_LEVEL ?? 'error'),
    ...deps,
  });
}

/** Rows of each history table after deduplication (FINAL). */
export async function dedupedCounts(client: ClickHouseClient): Promise<Record<TableName, number>> {
  const counts = {} as Record<TableName, number>;
  for (const table of Object.values(TABLES)) {
    const [row] = await selectRows<{ n: string }>(client, `SELECT count() AS n FROM ${table} FINAL`);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Checks that `groupId` committed every partition of `topics` up to its end. */
export async function expectCommittedToEnd(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      // -1: nothing committed, as for a partition that never held a message.
      const byPartition = new Map(
        committed?.partitions.map((p) => [p.partition, p.offset === '-1' ? '0' : p.offset]),
      );
      for (const end of ends)
        expect([topic, end.partition, byPartition.get(end.partition)]).toEqual([
          topic,
          end.partition,
          end.offset,
        ]);
    }
  } finally {
    await admin.disconnect();
  }
}
