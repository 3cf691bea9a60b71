// The aggregator process: configuration from the environment, then consume until SIGTERM.
//   main.ts [--print-config]
import { ConfigError } from '@loyalty/config';
import { namespacedTopics } from '@loyalty/contracts';
import { createKafka, kafkaSecurityFailure } from '@loyalty/kafka';
import { startHealthServer } from '@loyalty/observability';
import { ClvModelStore, CustomerStore, createRedis } from '@loyalty/redis-store';
import { createLogger, onShutdownSignal, retry } from '@loyalty/runtime';
import { Aggregator } from './aggregator.js';
import { type AggregatorConfig, loadAggregatorConfig, printableConfig } from './config.js';
import type { CustomerValues } from './customer-values.js';
import { AggregatorMetrics } from './metrics.js';
import { valueEstimateOptions } from './model-env.js';
import { ModelParams } from './model-params.js';

let config: AggregatorConfig;
try {
  config = loadAggregatorConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`aggregator: configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
if (process.argv.includes('--print-config')) {
  console.log(JSON.stringify(printableConfig(config), null, 2));
  process.exit(0);
}

const { env } = config;
const log = createLogger('aggregator', env.LOG_LEVEL);
const redis = createRedis(env, log, { maxRetriesPerRequest: 2, lazyConnect: true });
const store = new CustomerStore<CustomerValues>(redis, {
  prefix: env.REDIS_KEY_PREFIX,
  maxHistoryEntries: env.AGGREGATOR_MAX_HISTORY,
  erasureSecret: env.LOYALTY_ERASURE_SECRET,
});
const metrics = new AggregatorMetrics();
const model = new ModelParams(new ClvModelStore(redis, env.REDIS_KEY_PREFIX), {
  refreshMs: env.AGGREGATOR_MODEL_REFRESH_MS,
  log,
});
const aggregator = new Aggregator(
  {
    groupId: env.AGGREGATOR_GROUP_ID,
    mode: env.AGGREGATOR_MODE,
    latenessMs: env.AGGREGATOR_LATENESS_MS,
    idleTimeoutMs: env.AGGREGATOR_IDLE_TIMEOUT_MS,
    timerIntervalMs: env.AGGREGATOR_TIMER_INTERVAL_MS,
    fetchBytes: env.AGGREGATOR_FETCH_BYTES,
    cacheCustomers: env.AGGREGATOR_CACHE_CUSTOMERS,
    concurrency: env.AGGREGATOR_CONCURRENCY,
    sessionTimeoutMs: env.AGGREGATOR_SESSION_TIMEOUT_MS,
    topics: namespacedTopics(env.LOYALTY_TOPIC_NAMESPACE),
    rules: config.rules,
    parser: config.parser,
    registryUrl: env.REGISTRY_URL,
    outputFormat: env.LOYALTY_OUTPUT_FORMAT,
    valueOptions: valueEstimateOptions(env),
  },
  {
    kafka: createKafka(env, log, 'loyalty-aggregator'),
    store,
    log,
    observer: metrics,
    model,
    // Staying up idle would hide the stop behind a healthy process; a restart retries the batch.
    onFatal: () => process.exit(1),
  },
);
metrics.watch(aggregator);
const health = await startHealthServer({
  port: env.AGGREGATOR_HTTP_PORT,
  host: env.AGGREGATOR_HTTP_HOST,
  registry: metrics.registry,
  checks: [
    { name: 'redis', check: async () => (await redis.ping()) === 'PONG' },
    { name: 'kafka', check: () => aggregator.kafkaReachable() },
    { name: 'consumer', check: async () => aggregator.consuming },
  ],
});
log.info({ port: health.port }, 'health and metrics served');

let stopping = false;
onShutdownSignal(async () => {
  stopping = true;
  model.stop();
  await aggregator.stop();
  await health.close();
  redis.disconnect();
}, log);

await redis
  .connect()
  .catch((error: unknown) => log.warn({ err: error }, 'redis not reachable yet; batches wait and retry'));
await model.start();
// Refused credentials or an absent broker or registry must not become a crash loop: the
// process stays up, not ready (see /readyz), and tries again slowly until the cause is fixed.
// What waiting cannot fix (Avro output schemas not registered) stops it with the reason.
try {
  await retry(() => aggregator.start(), {
    initialDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxAttempts: Number.POSITIVE_INFINITY,
    shouldStop: () => stopping,
    onRetry: (error, attempt, delayMs) =>
      log.error(
        { err: kafkaSecurityFailure(error) ?? error, attempt, delayMs },
        'cannot start consuming; retrying',
      ),
  });
} catch (error) {
  // A stop requested meanwhile ends the retries too; the shutdown handler exits then.
  if (!stopping) {
    log.fatal({ err: error }, 'aggregator cannot start');
    process.exit(1);
  }
}
log.info(
  { mode: env.AGGREGATOR_MODE, group: env.AGGREGATOR_GROUP_ID, namespace: env.LOYALTY_TOPIC_NAMESPACE },
  'aggregator started',
);
