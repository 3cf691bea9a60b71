import { availableParallelism } from 'node:os';
import {
  consumerGroupsEnv,
  type Env,
  erasureEnv,
  kafkaEnv,
  loadJsonFile,
  logLevel,
  maskSecrets,
  nonNegativeInt,
  outputFormatEnv,
  parseEnv,
  pipelineEnv,
  positiveInt,
  redisEnv,
  registryEnv,
} from '@loyalty/config';
import { ParserConfigSchema } from '@loyalty/contracts';
import { type Rules, RulesSchema } from '@loyalty/core';
import { z } from 'zod';
import { modelEnv } from './model-env.js';

/** Every variable the aggregator reads, with its default and meaning. */
export const aggregatorEnv = kafkaEnv
  .extend(redisEnv.shape)
  .extend(pipelineEnv.shape)
  .extend(modelEnv.shape)
  .extend(erasureEnv.shape)
  .extend(registryEnv.shape)
  .extend(outputFormatEnv.shape)
  .extend(consumerGroupsEnv.pick({ AGGREGATOR_GROUP_ID: true }).shape)
  .extend({
    AGGREGATOR_MODE: z
      .enum(['live', 'replay'])
      .default('live')
      .describe(
        '"live" (watermarks follow event time and, once the input is idle, the wall clock) or "replay" (event time only)',
      ),
    AGGREGATOR_LATENESS_MS: nonNegativeInt
      .default(5_000)
      .describe('milliseconds of allowed lateness, a non-negative integer'),
    AGGREGATOR_IDLE_TIMEOUT_MS: positiveInt
      .default(30_000)
      .describe(
        'milliseconds a caught-up input partition that has gone quiet still holds its watermark back, a positive integer',
      ),
    AGGREGATOR_TIMER_INTERVAL_MS: positiveInt
      .default(1_000)
      .describe("milliseconds between sweeps that move idle shards' watermarks and fire timers"),
    AGGREGATOR_FETCH_BYTES: positiveInt
      .default(1_048_576)
      .describe('the most bytes fetched per partition at once, a positive integer (bounds the batch size)'),
    AGGREGATOR_CONCURRENCY: positiveInt
      .default(3)
      .describe("how many partitions' batches are handled at once, a positive integer"),
    AGGREGATOR_SESSION_TIMEOUT_MS: positiveInt
      .default(30_000)
      .describe('the consumer session timeout in milliseconds (the broker allows 6000 to 300000)'),
    AGGREGATOR_CACHE_CUSTOMERS: nonNegativeInt
      .default(100_000)
      .describe("how many customers' histories are kept in memory between evaluations (0: none)"),
    AGGREGATOR_WORKERS: positiveInt
      .default(() => availableParallelism())
      .meta({
        description:
          'worker processes sharing the partitions, a positive integer (default: the cores available; 1: one process, no supervisor)',
        defaultText: 'the cores available',
      }),
    AGGREGATOR_MAX_HISTORY: positiveInt
      .default(5_000)
      .describe('maximum stored events per customer, a positive integer'),
    LOYALTY_RULES_FILE: z.string().min(1).optional().describe('the path of a JSON rules file'),
    AGGREGATOR_HTTP_PORT: nonNegativeInt
      .default(9464)
      .describe('the port of /healthz, /readyz and /metrics (0 picks a free one)'),
    AGGREGATOR_HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('the address /metrics listens on'),
    LOG_LEVEL: logLevel.default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  });

export type AggregatorEnv = z.infer<typeof aggregatorEnv>;

export interface AggregatorConfig {
  readonly env: AggregatorEnv;
  readonly rules: Rules;
  readonly parser: z.infer<typeof ParserConfigSchema>;
}

/** Reads the aggregator's configuration once at start; a problem is a ConfigError naming the variable. */
export function loadAggregatorConfig(env: Env): AggregatorConfig {
  const parsed = parseEnv(aggregatorEnv, env);
  return {
    env: parsed,
    rules: loadRules(parsed.LOYALTY_RULES_FILE),
    parser: ParserConfigSchema.parse({
      baseCurrency: parsed.LOYALTY_BASE_CURRENCY,
      maxMessageBytes: parsed.LOYALTY_MAX_MESSAGE_BYTES,
      maxFutureSkewMs: parsed.LOYALTY_MAX_CLOCK_SKEW_MS,
    }),
  };
}

/** The rules from LOYALTY_RULES_FILE, or the defaults. */
export function loadRules(path: string | undefined): Rules {
  if (path === undefined) return RulesSchema.parse({});
  return loadJsonFile(
    'LOYALTY_RULES_FILE',
    path,
    RulesSchema,
    'a JSON rules file as documented in packages/core/src/rules.ts',
  );
}

/** The effective configuration for --print-config, every password masked. */
export function printableConfig(config: AggregatorConfig): AggregatorConfig {
  return maskSecrets(config);
}
