import {
  type ClickHouseEnv,
  clickhouseEnv,
  consumerGroupsEnv,
  type Env,
  erasureEnv,
  type KafkaEnv,
  kafkaEnv,
  logLevel,
  nonNegativeInt,
  parseEnv,
  pickEnv,
  pipelineEnv,
  positiveInt,
  registryEnv,
} from '@loyalty/config';
import { namespacedTopics, type ParserConfig, ParserConfigSchema, type TopicNames } from '@loyalty/contracts';
import { z } from 'zod';

// LOYALTY_* come from the shared pipelineEnv, so that the sink validates input as the
// aggregator does and reads the same topics.
/** Every variable the history sink reads, with its default and meaning. */
export const sinkEnv = kafkaEnv
  .extend(clickhouseEnv.shape)
  .extend(pipelineEnv.shape)
  .extend(erasureEnv.shape)
  .extend(registryEnv.shape)
  .extend(consumerGroupsEnv.pick({ SINK_GROUP_ID: true }).shape)
  .extend({
    SINK_FLUSH_ROWS: positiveInt.default(50_000).describe('a positive integer (rows per insert at most)'),
    SINK_FLUSH_MS: positiveInt.default(1_000).describe('a positive integer (milliseconds a row may wait)'),
    SINK_FETCH_MIN_BYTES: positiveInt
      .default(1_048_576)
      .describe(
        'a positive integer (bytes the broker gathers before answering a fetch, up to SINK_FLUSH_MS)',
      ),
    SINK_FETCH_MAX_BYTES: positiveInt
      .default(33_554_432)
      .describe('a positive integer (bytes per fetch at most)'),
    SINK_RETRY_INITIAL_MS: positiveInt
      .default(200)
      .describe('a positive integer (first retry delay, milliseconds)'),
    SINK_RETRY_MAX_MS: positiveInt
      .default(30_000)
      .describe('a positive integer (retry delay cap, milliseconds)'),
    SINK_SHUTDOWN_TIMEOUT_MS: positiveInt
      .default(10_000)
      .describe('a positive integer (milliseconds to finish writing on SIGTERM before giving up)'),
    SINK_ERASURE_REFRESH_MS: positiveInt
      .default(30_000)
      .describe('a positive integer (milliseconds between reloads of the erasure tombstones)'),
    SINK_HTTP_PORT: nonNegativeInt
      .default(9465)
      .describe('the port of /healthz, /readyz and /metrics (0 picks a free one)'),
    SINK_HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('the address /metrics listens on'),
    LOG_LEVEL: logLevel.default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  });

/** Everything the history sink is configured with. */
export interface SinkConfig {
  readonly kafka: KafkaEnv;
  readonly clickhouse: ClickHouseEnv;
  readonly groupId: string;
  readonly topics: TopicNames;
  readonly flushRows: number;
  readonly flushMs: number;
  readonly fetchMinBytes: number;
  readonly fetchMaxBytes: number;
  readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly shutdownTimeoutMs: number;
  readonly http: { readonly port: number; readonly host: string };
  /** The key of erased customers' names, and how often the tombstones are reloaded from ClickHouse. */
  readonly erasure: { readonly secret: string; readonly refreshMs: number };
  readonly parser: ParserConfig;
  /** REGISTRY_URL: where the writer schemas of Avro messages are looked up (JSON never asks it). */
  readonly registryUrl: string;
  readonly logLevel: z.infer<typeof logLevel>;
}

/** Reads the sink's configuration once at start; a problem is a ConfigError naming the variable. */
export function loadSinkConfig(env: Env): SinkConfig {
  const e = parseEnv(sinkEnv, env);
  return {
    kafka: pickEnv(kafkaEnv, e),
    clickhouse: pickEnv(clickhouseEnv, e),
    groupId: e.SINK_GROUP_ID,
    topics: namespacedTopics(e.LOYALTY_TOPIC_NAMESPACE),
    flushRows: e.SINK_FLUSH_ROWS,
    flushMs: e.SINK_FLUSH_MS,
    fetchMinBytes: e.SINK_FETCH_MIN_BYTES,
    fetchMaxBytes: e.SINK_FETCH_MAX_BYTES,
    retry: { initialDelayMs: e.SINK_RETRY_INITIAL_MS, maxDelayMs: e.SINK_RETRY_MAX_MS },
    shutdownTimeoutMs: e.SINK_SHUTDOWN_TIMEOUT_MS,
    http: { port: e.SINK_HTTP_PORT, host: e.SINK_HTTP_HOST },
    erasure: { secret: e.LOYALTY_ERASURE_SECRET, refreshMs: e.SINK_ERASURE_REFRESH_MS },
    parser: ParserConfigSchema.parse({
      baseCurrency: e.LOYALTY_BASE_CURRENCY,
      maxMessageBytes: e.LOYALTY_MAX_MESSAGE_BYTES,
      maxFutureSkewMs: e.LOYALTY_MAX_CLOCK_SKEW_MS,
    }),
    registryUrl: e.REGISTRY_URL,
    logLevel: e.LOG_LEVEL,
  };
}
