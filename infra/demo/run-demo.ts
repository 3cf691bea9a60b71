// The demo: a year of simulated shop traffic through the real services, then what came out.
//
// Why replay, then live: the simulated history ends now, so it is a backlog when the
// aggregator starts, exactly like switching the product on for a retailer with a year of
// history. In replay mode watermarks follow event time, so every tier, stage and churn
// change is emitted at its own moment in the past, deterministically. A live aggregator on
// that backlog would move every watermark to "now" at its first batch and fold the rest of
// each customer's history in as late events, so most changes would never be emitted. Once
// the backlog is applied the demo restarts the aggregator in live mode, as an operator
// would: its timers bring every silent customer up to now (win-back signals for customers
// who stopped buying), and a purchase made now shows a tier change within the lateness.
//
// Why fresh names per run (topics, Redis prefix, database) rather than resetting shared
// ones: two runs at once (a demo and the demo test) cannot mix, and removing a run's data at
// the end cannot touch anyone else's; --keep leaves it for exploring.
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CustomerValues, loadAggregatorConfig } from '@loyalty/aggregator';
import { reportContext } from '@loyalty/clickhouse';
import { erasureEnv, kafkaEnv, parseEnv, redisEnv } from '@loyalty/config';
import { historyTopics, INPUT_TOPICS } from '@loyalty/contracts';
import type { Rules } from '@loyalty/core';
import { CustomerStore, type RedisConnection } from '@loyalty/redis-store';
import type { TrafficSummary } from '@loyalty/simulator';
import { connectRedisCluster } from '@loyalty/testkit/redis-cluster';
import { connectClickHouse, connectKafka, connectRedis } from '@loyalty/testkit/servers';
import { type AnalystReports, runAnalystReports } from './analyst-reports.js';
import { waitForGroupToDrain } from './consumer-lag.js';
import { customerStates, type ProfileDistribution, profileDistribution } from './customer-profiles.js';
import { type DemoOptions, demoTraffic } from './demo-options.js';
import {
  createPipelineTopics,
  freshPipelineNames,
  type PipelineNames,
  removePipeline,
} from './fresh-pipeline.js';
import { type LivePurchase, tryLivePurchase } from './live-purchase.js';
import { type PipelineOutputs, readPipelineOutputs } from './pipeline-outputs.js';
import { aggregatorEnv, startAggregator, startHistorySink } from './pipeline-services.js';
import type { RunReporter } from './progress.js';
import { checkPyramidSketch, type PyramidSketchCheck } from './pyramid-sketch.js';
import { REPO_ROOT, type ServiceProcess } from './service-process.js';
import { simulateIntoKafka } from './simulate-to-kafka.js';
import { waitForTimersToCatchUp } from './timers-caught-up.js';

/** Everything the demo shows; `--json` prints it as is. */
export interface DemoSummary {
  readonly run: {
    readonly id: string;
    readonly topicNamespace: string;
    readonly redisPrefix: string;
    readonly clickhouseDatabase: string;
    /** Whether the run's data was kept (--keep) or removed. */
    readonly kept: boolean;
  };
  readonly workload: {
    readonly customers: number;
    readonly months: number;
    readonly seed: number;
    readonly from: string;
    readonly to: string;
    readonly messages: number;
    readonly byKind: TrafficSummary['byKind'];
    readonly byDefect: TrafficSummary['byDefect'];
  };
  readonly timingsMs: {
    readonly simulate: number;
    readonly replay: number;
    readonly liveCatchUp: number;
    readonly sinkDrain: number;
    readonly total: number;
  };
  readonly profiles: ProfileDistribution;
  readonly outputs: PipelineOutputs;
  /** Null when no customer sat below the top tier to buy their way up. */
  readonly live: LivePurchase | null;
  readonly reports: AnalystReports;
  /** The aggregator's live pyramid sketch against exact ranks over the history. */
  readonly pyramidSketch: PyramidSketchCheck;
}

/**
 * Runs the whole pipeline on a fresh simulated history and returns what came out. An abort
 * of `signal` (Ctrl-C) ends the run at its next step, still removing its data.
 */
export async function runDemo(
  options: DemoOptions,
  reporter: RunReporter,
  signal?: AbortSignal,
  /** Runs with the summary and the run's names while its data still exists (the dashboard serves it). */
  atEnd?: (summary: DemoSummary, names: PipelineNames) => Promise<void>,
): Promise<DemoSummary> {
  const startedAt = Date.now();
  const names = freshPipelineNames('demo');
  const { LOYALTY_TOPIC_PARTITIONS: partitions } = parseEnv(kafkaEnv, process.env);
  // resolve, not join: LOYALTY_STATE_DIR may be absolute.
  const logDir = resolve(REPO_ROOT, process.env.LOYALTY_STATE_DIR ?? '.state', 'demo', names.id);
  await mkdir(logDir, { recursive: true });
  const kafka = await connectKafka('loyalty-demo');
  // The services it starts read REDIS_CLUSTER_NODES too: the summary reads where they write.
  const { REDIS_CLUSTER_NODES: clusterNodes } = parseEnv(redisEnv, process.env);
  const redis: RedisConnection =
    clusterNodes === undefined ? await connectRedis() : await connectRedisCluster(clusterNodes.join(','));
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const store = new CustomerStore<CustomerValues>(redis, {
    prefix: names.redisPrefix,
    maxHistoryEntries: 5_000,
    erasureSecret: parseEnv(erasureEnv, process.env).LOYALTY_ERASURE_SECRET,
  });
  const running = new Set<ServiceProcess>();
  const guard = () => {
    signal?.throwIfAborted();
    for (const service of running) service.check();
  };
  const start = async (service: Promise<ServiceProcess>) => {
    const started = await service;
    running.add(started);
    return started;
  };
  const stop = async (service: ServiceProcess) => {
    await service.stop();
    running.delete(service);
  };
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const phaseStartedAt = Date.now();
    const result = await work();
    return [result, Date.now() - phaseStartedAt];
  };
  let succeeded = false;
  try {
    await Promise.all([admin.connect(), producer.connect()]);
    reporter.step(
      `run ${names.id}: topics ${names.namespace}loyalty.*, Redis prefix ${names.redisPrefix}, ` +
        `ClickHouse database ${names.database}, logs in ${logDir}`,
    );
    await createPipelineTopics(admin, names, partitions);
    // The sink writes the history into ClickHouse while it is being simulated.
    const sink = await start(startHistorySink(names, join(logDir, 'history-sink.log')));

    const toMs = Date.now();
    const trafficOptions = demoTraffic(options, toMs);
    const fromMs = Date.parse(trafficOptions.start);
    reporter.step(
      `simulating ${options.customers.toLocaleString('en')} customers over ${options.months} months ` +
        `(${day(fromMs)} to ${day(toMs)}) into Kafka`,
    );
    const [traffic, simulateMs] = await timed(async () => {
      const written = await simulateIntoKafka(kafka, names.namespace, trafficOptions, reporter, signal);
      guard();
      return written;
    });
    reporter.step(`${traffic.messages.toLocaleString('en')} messages written in ${seconds(simulateMs)}`);

    const replaySettings = {
      mode: 'replay',
      latenessMs: options.latenessMs,
      logFile: join(logDir, 'aggregator-replay.log'),
    } as const;
    const [, replayMs] = await timed(async () => {
      const replay = await start(startAggregator(names, replaySettings));
      const inputTopics = INPUT_TOPICS.map((topic) => `${names.namespace}${topic}`);
      await waitForGroupToDrain(admin, names.aggregatorGroup, inputTopics, {
        label: 'aggregator (replay)',
        reporter,
        guard,
      });
      await stop(replay);
    });
    reporter.step(
      `aggregator replayed the history in ${seconds(replayMs)} ` +
        `(${Math.round(traffic.messages / (replayMs / 1000)).toLocaleString('en')} messages/s, start-up included)`,
    );

    const liveSettings = {
      ...replaySettings,
      mode: 'live',
      logFile: join(logDir, 'aggregator-live.log'),
    } as const;
    const [live, liveCatchUpMs] = await timed(async () => {
      const started = await start(startAggregator(names, liveSettings));
      await waitForTimersToCatchUp(store, partitions, Date.now() - options.latenessMs, guard);
      return started;
    });
    reporter.step(`live aggregator: timers brought every customer up to now in ${seconds(liveCatchUpMs)}`);

    const config = loadAggregatorConfig(aggregatorEnv(names, liveSettings));
    const livePurchase = await tryLivePurchase(producer, redis, store, names.redisPrefix, {
      purchasesTopic: names.topics.purchases,
      topTierMinSpendMinor: config.rules.tier.platinumMinSpendMinor,
      currency: config.parser.baseCurrency,
      latenessMs: options.latenessMs,
      runId: names.id,
      guard,
    });
    if (livePurchase !== null) {
      reporter.step(
        `live purchase by ${livePurchase.customerId}: tier ${livePurchase.tierBefore} -> ${livePurchase.tierAfter} ` +
          `${seconds(livePurchase.observedAfterMs)} later`,
      );
    }
    await stop(live);

    // Everything the aggregator emitted is on its topics now; the sink writes the rest and stops.
    const [, sinkDrainMs] = await timed(async () => {
      await waitForGroupToDrain(admin, names.sinkGroup, historyTopics(names.topics), {
        label: 'history sink',
        reporter,
        guard,
      });
      await stop(sink);
    });
    reporter.step('services stopped cleanly; reading what came out');

    const results = await readResults(redis, store, names, toMs, config.rules, partitions);
    succeeded = true;
    const summary: DemoSummary = {
      run: {
        id: names.id,
        topicNamespace: names.namespace,
        redisPrefix: names.redisPrefix,
        clickhouseDatabase: names.database,
        kept: options.keep,
      },
      workload: {
        customers: options.customers,
        months: options.months,
        seed: options.seed,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        messages: traffic.messages,
        byKind: traffic.byKind,
        byDefect: traffic.byDefect,
      },
      timingsMs: {
        simulate: simulateMs,
        replay: replayMs,
        liveCatchUp: liveCatchUpMs,
        sinkDrain: sinkDrainMs,
        total: Date.now() - startedAt,
      },
      profiles: results.profiles,
      outputs: results.outputs,
      live: livePurchase,
      reports: results.reports,
      pyramidSketch: results.pyramidSketch,
    };
    await atEnd?.(summary, names);
    return summary;
  } finally {
    await Promise.all([...running].map((service) => service.kill()));
    await producer.disconnect().catch(() => undefined);
    if (!options.keep) {
      for (const failure of await removePipeline(admin, redis, names)) {
        reporter.step(`could not remove the run's ${failure}`);
      }
      // On failure the logs stay: the error message points at them.
      if (succeeded) await rm(logDir, { recursive: true, force: true });
    }
    await admin.disconnect();
    redis.disconnect();
  }
}

/**
 * The customer profiles and the live pyramid sketch from Redis, and the outputs, reports and CLV
 * model from ClickHouse.
 */
async function readResults(
  redis: RedisConnection,
  store: CustomerStore<CustomerValues>,
  names: PipelineNames,
  endMs: number,
  rules: Rules,
  shardCount: number,
): Promise<Pick<DemoSummary, 'profiles' | 'outputs' | 'reports' | 'pyramidSketch'>> {
  const profiles = await profileDistribution(customerStates(redis, store, names.redisPrefix));
  const clickhouse = await connectClickHouse(names.database);
  try {
    const context = await reportContext(clickhouse);
    return {
      profiles,
      outputs: await readPipelineOutputs(context),
      // Before the reports: they fit a CLV model, and the sketch is of spend.
      pyramidSketch: await checkPyramidSketch(store, shardCount, context, endMs, rules.pyramid),
      reports: await runAnalystReports(context, endMs, rules.wallet, rules.pyramid),
    };
  } finally {
    await clickhouse.close();
  }
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
