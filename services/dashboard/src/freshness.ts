/**
 * How fresh what the dashboard shows is: from the history, the latest event and the latest row
 * the sink wrote; from the running pipeline, each shard's watermark (Redis) and the consumer
 * groups' lag (Kafka). A source that does not answer in time is reported as such, so that the
 * page still shows the rest and never claims a freshness it could not read.
 */
import { historyFreshness, type ReportContext } from '@loyalty/clickhouse';
import { historyTopics, INPUT_TOPICS, namespacedTopics } from '@loyalty/contracts';
import { groupProgress, type PartitionProgress } from '@loyalty/kafka';
import { type RedisConnection, readShardClocks, type ShardClock } from '@loyalty/redis-store';
import type { Admin } from 'kafkajs';
import { escapeHtml, table } from './layout.js';

/** Where the running pipeline of one namespace keeps its clocks and offsets. */
export interface PipelineSources {
  readonly redis: RedisConnection;
  readonly redisPrefix: string;
  /** Connects on first use; see connectedAdmin. */
  readonly admin: () => Promise<Admin>;
  /** LOYALTY_TOPIC_NAMESPACE: the prefix of the topics whose lag is read. */
  readonly topicNamespace: string;
  readonly aggregatorGroup: string;
  readonly sinkGroup: string;
  /** Shards are partition numbers of the input topics. */
  readonly shards: number;
}

/** How long a source may take before the page says it did not answer. */
const SOURCE_TIMEOUT_MS = 2_000;

function withinTimeout<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${SOURCE_TIMEOUT_MS} ms`)),
      SOURCE_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const utc = (ms: number | undefined) =>
  ms === undefined ? '-' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** "3 min", "2 h", "5 days": how long ago `ms` was at `now`. */
function age(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** Messages a group has not committed, per partition number, summed over `topics`. */
function lagByPartition(progress: readonly PartitionProgress[]): Map<number, bigint> {
  const lag = new Map<number, bigint>();
  for (const p of progress) lag.set(p.partition, (lag.get(p.partition) ?? 0n) + (p.high - p.committed));
  return lag;
}

const failure = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected'
    ? result.reason instanceof Error
      ? result.reason.message
      : String(result.reason)
    : undefined;

/** The freshness section of the overview, as HTML. */
export async function freshnessSection(
  context: ReportContext,
  sources: PipelineSources | undefined,
  now = Date.now(),
): Promise<string> {
  const history = await historyFreshness(context);
  const lines = [
    `History (ClickHouse): latest event ${escapeHtml(utc(history.latestEventMs))} (${age(history.latestEventMs, now)} ago), latest row written ${escapeHtml(utc(history.latestWriteMs))} (${age(history.latestWriteMs, now)} ago).`,
  ];
  if (sources === undefined) {
    lines.push(
      'Watermarks and lag are shown for the namespace the dashboard is configured with (CLICKHOUSE_DATABASE).',
    );
    return `<section class="wide" id="freshness"><h2>Freshness</h2>${lines.map((l) => `<p>${l}</p>`).join('')}</section>`;
  }
  const inputs = INPUT_TOPICS.map((topic) => `${sources.topicNamespace}${topic}`);
  const [clocks, aggregator, sink] = await Promise.allSettled([
    withinTimeout('Redis', readShardClocks(sources.redis, sources.redisPrefix, sources.shards)),
    withinTimeout(
      'Kafka',
      sources.admin().then((admin) => groupProgress(admin, sources.aggregatorGroup, inputs)),
    ),
    withinTimeout(
      'Kafka',
      sources
        .admin()
        .then((admin) =>
          groupProgress(admin, sources.sinkGroup, historyTopics(namespacedTopics(sources.topicNamespace))),
        ),
    ),
  ]);
  for (const [name, result] of [
    ['Shard clocks (Redis)', clocks],
    [`Aggregator lag (group ${sources.aggregatorGroup})`, aggregator],
    [`History sink lag (group ${sources.sinkGroup})`, sink],
  ] as const) {
    const why = failure(result);
    if (why !== undefined) lines.push(`${escapeHtml(name)}: not available: ${escapeHtml(why)}`);
  }
  const byShard = new Map<number, ShardClock>(
    clocks.status === 'fulfilled' ? clocks.value.map((c) => [c.shard, c]) : [],
  );
  const aggregatorLag = aggregator.status === 'fulfilled' ? lagByPartition(aggregator.value) : new Map();
  const sinkLag = sink.status === 'fulfilled' ? lagByPartition(sink.value) : new Map();
  const count = (lag: Map<number, bigint>, shard: number) => {
    const n = lag.get(shard);
    return n === undefined ? '-' : n.toLocaleString('en');
  };
  const rows = Array.from({ length: sources.shards }, (_, shard) => {
    const clock = byShard.get(shard);
    return [
      String(shard),
      utc(clock?.watermark),
      age(clock?.watermark, now),
      utc(clock?.reached),
      count(aggregatorLag, shard),
      count(sinkLag, shard),
    ];
  });
  return `<section class="wide" id="freshness"><h2>Freshness</h2>${lines.map((l) => `<p>${l}</p>`).join('')}
${table(
  'Each shard (input partition): its watermark, how far its input reached, and the messages each service has still to read',
  [
    'shard',
    'watermark',
    'behind now',
    'input reached',
    'aggregator lag (messages)',
    'history sink lag (messages)',
  ],
  rows,
)}</section>`;
}
