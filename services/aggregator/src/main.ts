// The aggregator process: configuration from the environment, then consume until SIGTERM.
import { ConfigError } from '@loyalty/config';
import { namespacedTopics } from '@loyalty/contracts';
import { createKafka } from '@loyalty/kafka';
import { CustomerStore } from '@loyalty/redis-store';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import { Redis } from 'ioredis';
import { Aggregator } from './aggregator.js';
import { loadAggregatorConfig } from './config.js';
import type { CustomerValues } from './customer-values.js';

let config: ReturnType<typeof loadAggregatorConfig>;
try {
  config = loadAggregatorConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`aggregator: configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
const { env } = config;
const log = createLogger('aggregator', env.LOG_LEVEL);
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, enableAutoPipelining: false });
redis.on('error', (error) => log.warn({ err: error }, 'redis connection error'));
const store = new CustomerStore<CustomerValues>(redis, {
  prefix: env.REDIS_KEY_PREFIX,
  maxHistoryEntries: env.AGGREGATOR_MAX_HISTORY,
});
const aggregator = new Aggregator(
  {
    groupId: env.AGGREGATOR_GROUP_ID,
    mode: env.AGGREGATOR_MODE,
    latenessMs: env.AGGREGATOR_LATENESS_MS,
    timerIntervalMs: env.AGGREGATOR_TIMER_INTERVAL_MS,
    fetchBytes: env.AGGREGATOR_FETCH_BYTES,
    sessionTimeoutMs: env.AGGREGATOR_SESSION_TIMEOUT_MS,
    topics: namespacedTopics(env.LOYALTY_TOPIC_NAMESPACE),
    rules: config.rules,
    parser: config.parser,
  },
  { kafka: createKafka(env, log, 'loyalty-aggregator'), store, log },
);

onShutdownSignal(async () => {
  await aggregator.stop();
  redis.disconnect();
}, log);

await aggregator.start();
log.info(
  { mode: env.AGGREGATOR_MODE, group: env.AGGREGATOR_GROUP_ID, namespace: env.LOYALTY_TOPIC_NAMESPACE },
  'aggregator started',
);
