// Every demo and bench run works on names of its own: topics under a fresh namespace, a
// fresh Redis key prefix, ClickHouse database and consumer groups. Runs never see each
// other's data (a demo and the demo test may run at once), and removing a run's data
// cannot touch anyone else's.

import { createClickHouseClient, quoteIdentifier, runCommand } from '@loyalty/clickhouse';
import { type ClickHouseEnv, clickhouseEnv, parseEnv } from '@loyalty/config';
import { namespacedTopics, type TopicNames, topicSpecs } from '@loyalty/contracts';
import { deleteKeys, KeyLayout, type RedisConnection } from '@loyalty/redis-store';
import { uniqueName } from '@loyalty/testkit';
import { waitForTopicsServed } from '@loyalty/testkit/servers';
import type { Admin, IResourceConfigEntry } from 'kafkajs';

const TOPICS_READY_TIMEOUT_MS = 60_000;

/** The names of one run's resources. */
export interface PipelineNames {
  /** e.g. demo-m9x2k1-5f3a9c2e */
  readonly id: string;
  readonly namespace: string;
  readonly topics: TopicNames;
  readonly redisPrefix: string;
  readonly database: string;
  readonly aggregatorGroup: string;
  readonly sinkGroup: string;
}

/** Fresh names for a run; `label` starts each of them (demo, bench). */
export function freshPipelineNames(label: string): PipelineNames {
  const id = uniqueName(label);
  const namespace = `${id}.`;
  return {
    id,
    namespace,
    topics: namespacedTopics(namespace),
    redisPrefix: `${id}:`,
    database: id.replaceAll('-', '_'),
    aggregatorGroup: `${id}.aggregator`,
    sinkGroup: `${id}.history`,
  };
}

/**
 * Creates every topic of the run with `partitions` partitions and the configs of its role (as
 * production has them: the current-state topic compacted), plus `configEntries` on every topic,
 * and waits until they are served.
 */
export async function createPipelineTopics(
  admin: Admin,
  names: PipelineNames,
  partitions: number,
  configEntries: IResourceConfigEntry[] = [],
): Promise<void> {
  const specs = topicSpecs(names.topics);
  const topics = specs.map((spec) => spec.topic);
  const created = await admin.createTopics({
    topics: specs.map((spec) => ({
      topic: spec.topic,
      numPartitions: partitions,
      configEntries: [...spec.configEntries, ...configEntries],
    })),
    timeout: TOPICS_READY_TIMEOUT_MS,
    // waitForTopicsServed checks more, and retries what kafkajs' own wait throws on.
    waitForLeaders: false,
  });
  if (!created) throw new Error(`topics of ${names.namespace} already exist; run names must be fresh`);
  await waitForTopicsServed(admin, topics, partitions, { timeoutMs: TOPICS_READY_TIMEOUT_MS });
}

/** The ClickHouse connection settings of the environment, pointed at the run's database. */
function pipelineClickHouseEnv(names: PipelineNames): ClickHouseEnv {
  return { ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: names.database };
}

/**
 * Removes the run's topics, consumer groups, Redis keys and ClickHouse database, each on its
 * own so that one failure does not keep the others; returns what could not be removed.
 */
export async function removePipeline(
  admin: Admin,
  redis: RedisConnection,
  names: PipelineNames,
): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await attempt('topics', async () => {
    // Only those that exist: a phase that was skipped never created its topics.
    const existing = new Set(await admin.listTopics());
    const topics = Object.values(names.topics).filter((topic) => existing.has(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  });
  await attempt('consumer groups', async () => {
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((g) => g.startsWith(names.id));
    if (ours.length > 0) await admin.deleteGroups(ours);
  });
  await attempt('redis keys', () => deleteKeys(redis, new KeyLayout(names.redisPrefix).everything()));
  await attempt('clickhouse database', async () => {
    const client = createClickHouseClient(pipelineClickHouseEnv(names), undefined);
    try {
      await runCommand(client, `DROP DATABASE IF EXISTS ${quoteIdentifier(names.database)}`);
    } finally {
      await client.close();
    }
  });
  return failures;
}
