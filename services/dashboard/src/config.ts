import {
  clickhouseEnv,
  consumerGroupsEnv,
  type Env,
  kafkaEnv,
  logLevel,
  nonNegativeInt,
  parseEnv,
  pipelineEnv,
  redisEnv,
} from '@loyalty/config';
import { z } from 'zod';

// The history from ClickHouse; the pipeline's freshness from Redis (watermarks under
// REDIS_KEY_PREFIX) and Kafka (the consumer groups' lag on the namespaced topics).
/** Every variable the dashboard reads, with its default and meaning. */
export const dashboardEnv = clickhouseEnv
  .extend(redisEnv.shape)
  .extend(kafkaEnv.shape)
  .extend(pipelineEnv.pick({ LOYALTY_TOPIC_NAMESPACE: true, LOYALTY_BASE_CURRENCY: true }).shape)
  .extend(consumerGroupsEnv.shape)
  .extend({
    DASHBOARD_HTTP_PORT: nonNegativeInt
      .default(8090)
      .describe('the port the dashboard serves its pages on (0 picks a free one)'),
    DASHBOARD_HTTP_HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('the address the dashboard listens on'),
    LOG_LEVEL: logLevel.default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  });

export type DashboardEnv = z.infer<typeof dashboardEnv>;

/** Reads the dashboard's configuration; a problem is a ConfigError naming the variable. */
export function loadDashboardConfig(env: Env): DashboardEnv {
  return parseEnv(dashboardEnv, env);
}
