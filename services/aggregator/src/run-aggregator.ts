// One Aggregator with its Redis, model and metrics, consuming until SIGTERM: either the whole
// service (AGGREGATOR_WORKERS=1: it serves /healthz, /readyz and /metrics itself) or one
// worker of a supervisor (it answers the supervisor over IPC and listens on no port).
import { namespacedTopics } from '@loyalty/contracts';
import { createKafka, kafkaSecurityFailure } from '@loyalty/kafka';
import { exitIfPortInUse, type ReadinessCheck, startHealthServer } from '@loyalty/observability';
import { ClvModelStore, CustomerStore, createRedis } from '@loyalty/redis-store';
import { createLogger, onShutdownSignal, retry } from '@loyalty/runtime';
import { Aggregator } from './aggregator.js';
import type { AggregatorConfig } from './config.js';
import type { CustomerValues } from './customer-values.js';
import { readLivePyramid } from './live-pyramid.js';
import { AggregatorMetrics } from './metrics.js';
import { valueEstimateOptions } from './model-env.js';
import { ModelParams } from './model-params.js';
import { READINESS_CHECKS } from './workers/messages.js';
import { announceStarted, answerSupervisor } from './workers/worker-link.js';

/** Runs one Aggregator as the whole service ('process') or as a supervised 'worker'. */
export async function runAggregator(config: AggregatorConfig, role: 'process' | 'worker'): Promise<void> {
  const { env } = config;
  // Every line carries its pid, which the supervisor's "worker forked" line maps to a worker number.
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
      model,
      // Staying up idle would hide the stop behind a healthy process; a restart retries the
      // batch (a supervisor counts this exit as unexpected and starts a replacement).
      onFatal: () => process.exit(1),
    },
  );
  metrics.watch(aggregator);
  metrics.watchPyramid(
    () => readLivePyramid(store, env.LOYALTY_TOPIC_PARTITIONS, config.rules.pyramid),
    (error) => log.warn({ err: error }, 'the live value pyramid could not be read for /metrics'),
  );
  metrics.watchPyramidEpochs(
    () => store.epochs.progressOf(env.LOYALTY_TOPIC_PARTITIONS),
    (error) => log.warn({ err: error }, 'the pyramid epochs could not be read for /metrics'),
  );
  const checks: Record<(typeof READINESS_CHECKS)[number], ReadinessCheck['check']> = {
    redis: async () => (await redis.ping()) === 'PONG',
    kafka: () => aggregator.kafkaReachable(),
    consumer: async () => aggregator.consuming,
  };
  const readiness = READINESS_CHECKS.map((name) => ({ name, check: checks[name] }));
  let health: { close(): Promise<void> } | undefined;
  if (role === 'process') {
    const server = await startHealthServer({
      port: env.AGGREGATOR_HTTP_PORT,
      host: env.AGGREGATOR_HTTP_HOST,
      registry: metrics.registry,
      checks: readiness,
      readyMetric: 'loyalty_aggregator_ready',
      portVariable: 'AGGREGATOR_HTTP_PORT',
    }).catch((error: unknown) => exitIfPortInUse(error, log));
    log.info({ port: server.port }, 'health and metrics served');
    health = server;
  } else {
    answerSupervisor({ checks: readiness, registry: metrics.registry });
  }

  let stopping = false;
  onShutdownSignal(async () => {
    stopping = true;
    model.stop();
    await aggregator.stop();
    await health?.close();
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
  if (stopping) return;
  const fields = {
    mode: env.AGGREGATOR_MODE,
    group: env.AGGREGATOR_GROUP_ID,
    namespace: env.LOYALTY_TOPIC_NAMESPACE,
  };
  if (role === 'process') {
    log.info(fields, 'aggregator started');
  } else {
    // 'aggregator started' is the supervisor's line, once every worker consumes.
    log.info(fields, 'aggregator worker started');
    announceStarted();
  }
}
