// The bench: one fixed workload in fresh topics, then each measurement in turn, so that
// they never compete for the machine's cores: the raw consumer, the two naive consumers, the
// aggregator from a cold start (one worker, then all cores), the live aggregator's latency at
// a fixed rate (on topics of its own), the history sink, and the demo's replay (on topics of
// its own).
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { loadAggregatorConfig } from '@loyalty/aggregator';
import { erasureEnv, kafkaEnv, parseEnv, redisEnv } from '@loyalty/config';
import { INPUT_TOPICS } from '@loyalty/contracts';
import { deleteKeys, KeyLayout } from '@loyalty/redis-store';
import { connectClickHouse, connectKafka, connectRedis } from '@loyalty/testkit/servers';
import { DemoOptionsSchema } from '../demo/demo-options.js';
import {
  createPipelineTopics,
  freshPipelineNames,
  type PipelineNames,
  removePipeline,
} from '../demo/fresh-pipeline.js';
import { aggregatorEnv } from '../demo/pipeline-services.js';
import type { RunReporter } from '../demo/progress.js';
import { REPO_ROOT } from '../demo/service-process.js';
import { type AggregatorThroughput, measureAggregator } from './aggregator-throughput.js';
import type { BenchOptions } from './bench-options.js';
import { type BenchDetails, type BenchResults, checkTargets, headline } from './bench-results.js';
import { type DashboardPages, measureDashboardPages } from './dashboard-pages.js';
import { measureFairNaiveConsume } from './fair-naive-consumer.js';
import { type LatencyResult, measureLatency } from './latency.js';
import { machineInfo } from './machine-info.js';
import { measureNaiveConsume } from './naive-consumer.js';
import { profiling, readProfile, type ServiceProfile } from './profiling.js';
import { type ConsumeRate, measureRawConsume, rate } from './raw-consumer.js';
import { measureReplay, type ReplayThroughput } from './replay-throughput.js';
import { measureSink, type SinkThroughput } from './sink-throughput.js';
import { produceWorkload } from './workload.js';

/**
 * Runs every phase not skipped and returns the results; an abort of `signal` (Ctrl-C) ends
 * the run at its next step, still removing its data.
 */
export async function runBench(
  options: BenchOptions,
  reporter: RunReporter,
  signal?: AbortSignal,
): Promise<BenchResults> {
  // Its Redis figures (memory, command times, the server's CPU) are one server's.
  if (parseEnv(redisEnv, process.env).REDIS_CLUSTER_NODES !== undefined)
    throw new Error('the bench measures one Redis server: unset REDIS_CLUSTER_NODES');
  const guard = () => signal?.throwIfAborted();
  const startedAt = new Date();
  const names = freshPipelineNames('bench');
  const liveNames = freshPipelineNames('bench-live');
  const replayNames = freshPipelineNames('bench-replay');
  const { LOYALTY_TOPIC_PARTITIONS: partitions } = parseEnv(kafkaEnv, process.env);
  // resolve: LOYALTY_STATE_DIR may be absolute.
  const logDir = resolve(REPO_ROOT, process.env.LOYALTY_STATE_DIR ?? '.state', 'bench', names.id);
  const profileDir = resolve(REPO_ROOT, options.out, 'profiles', names.id);
  await mkdir(logDir, { recursive: true });
  const kafka = await connectKafka('loyalty-bench');
  const redis = await connectRedis();
  const clickhouse = await connectClickHouse();
  const admin = kafka.admin();
  const runs = (phase: BenchOptions['skip'][number]) => !options.skip.includes(phase);
  let succeeded = false;
  try {
    await admin.connect();
    const machine = await machineInfo(redis, clickhouse);
    reporter.step(`run ${names.id}: logs in ${logDir}`);
    await createPipelineTopics(admin, names, partitions);
    const workload = await produceWorkload(kafka, names.namespace, options, reporter);
    reporter.step(
      `workload: ${workload.events.toLocaleString('en')} events of ${workload.customers.toLocaleString('en')} customers ` +
        `produced in ${(workload.produceMs / 1000).toFixed(1)} s`,
    );
    const inputs = INPUT_TOPICS.map((topic) => `${names.namespace}${topic}`);

    let raw: ConsumeRate | null = null;
    if (runs('raw')) {
      raw = await measureRawConsume(kafka, `${names.id}.raw`, inputs, workload.events, guard);
      reporter.step(`raw consumer: ${raw.eventsPerS.toLocaleString('en')} events/s`);
    }
    let naive: ConsumeRate | null = null;
    if (runs('naive')) {
      const sample = Math.min(options.naiveEvents, workload.events);
      naive = await measureNaiveConsume(
        kafka,
        redis,
        `${names.id}.naive`,
        inputs,
        sample,
        `${names.redisPrefix}naive:`,
        guard,
      );
      reporter.step(`naive consumer: ${naive.eventsPerS.toLocaleString('en')} events/s`);
    }
    let fairNaive: ConsumeRate | null = null;
    if (runs('naive')) {
      // The aggregator's own configuration (rules, parser, history bound) for the run's names.
      const config = loadAggregatorConfig(
        aggregatorEnv(names, { mode: 'replay', latenessMs: options.latenessMs, logFile: '' }),
      );
      fairNaive = await measureFairNaiveConsume(
        kafka,
        redis,
        `${names.id}.fair-naive`,
        Math.min(options.naiveEvents, workload.events),
        {
          topics: names.topics,
          rules: config.rules,
          parser: config.parser,
          latenessMs: options.latenessMs,
          redisPrefix: `${names.redisPrefix}fair-naive:`,
          maxHistoryEntries: config.env.AGGREGATOR_MAX_HISTORY,
          erasureSecret: parseEnv(erasureEnv, process.env).LOYALTY_ERASURE_SECRET,
        },
        guard,
      );
      reporter.step(`fair naive consumer: ${fairNaive.eventsPerS.toLocaleString('en')} events/s`);
    }
    const aggregators: AggregatorThroughput[] = [];
    let aggregatorProfile: ServiceProfile | null = null;
    const aggregatorProfileDir = join(profileDir, 'aggregator');
    if (runs('aggregator')) {
      for (const [i, processes] of options.aggregatorProcesses.entries()) {
        // A consumer group and Redis prefix of its own: each run starts cold, with no state.
        const run: PipelineNames =
          i === 0
            ? names
            : {
                ...names,
                aggregatorGroup: `${names.aggregatorGroup}-${i + 1}`,
                redisPrefix: `${names.redisPrefix}run-${i + 1}:`,
              };
        const profiled = options.profile && i === 0;
        const runLogDir = join(logDir, `aggregator-run-${i + 1}`);
        await mkdir(runLogDir, { recursive: true });
        const result = await measureAggregator(
          admin,
          redis,
          run,
          workload,
          {
            logDir: runLogDir,
            processes,
            latenessMs: options.latenessMs,
            partitions,
            ...(profiled ? { instrumentation: await profiling(aggregatorProfileDir, true) } : {}),
          },
          reporter,
          guard,
        );
        aggregators.push(result);
        reporter.step(
          `aggregator, ${processes} process(es) of 1 worker: ${result.coldEventsPerS.toLocaleString('en')} events/s ` +
            `from a cold start, ${result.cpuMicrosPerEvent ?? '?'} CPU µs per event, ` +
            `${result.redisBytesPerCustomer} Redis bytes per customer`,
        );
        if (profiled) aggregatorProfile = await readProfile(aggregatorProfileDir, true);
        // The next run is measured without this one's state in Redis.
        if (i > 0) await deleteKeys(redis, new KeyLayout(run.redisPrefix).everything());
      }
    }
    let latency: LatencyResult | null = null;
    let latencyProfile: ServiceProfile | null = null;
    const latencyProfileDir = join(profileDir, 'aggregator-live');
    if (runs('latency')) {
      latency = await measureLatency(
        kafka,
        admin,
        liveNames,
        {
          eventsPerSecond: options.latencyRate,
          seconds: options.latencySeconds,
          warmupSeconds: options.warmupSeconds,
          latenessMs: options.latenessMs,
          commitPollMs: options.commitPollMs,
          partitions,
          seed: options.seed + 1,
          logFile: join(logDir, 'aggregator-live.log'),
          ...(options.profile ? { instrumentation: await profiling(latencyProfileDir, true) } : {}),
        },
        reporter,
        guard,
      );
      if (options.profile) latencyProfile = await readProfile(latencyProfileDir, true);
      reporter.step(`latency: apply p99 ${latency.applyMs?.p99 ?? '-'} ms`);
    }
    let sink: SinkThroughput | null = null;
    let sinkProfile: ServiceProfile | null = null;
    const sinkProfileDir = join(profileDir, 'history-sink');
    if (runs('sink')) {
      sink = await measureSink(
        admin,
        clickhouse,
        names,
        join(logDir, 'history-sink.log'),
        reporter,
        guard,
        options.profile ? await profiling(sinkProfileDir, false) : undefined,
      );
      reporter.step(`history sink: ${sink.coldRowsPerS.toLocaleString('en')} rows/s`);
      if (options.profile) sinkProfile = await readProfile(sinkProfileDir, false);
    }
    // Over the history the sink phase wrote.
    let dashboard: DashboardPages | null = null;
    if (runs('dashboard') && sink !== null) {
      dashboard = await measureDashboardPages(names, reporter, guard);
      reporter.step(
        `dashboard: ${Object.entries(dashboard.pages)
          .map(([page, timing]) => `${page} ${timing.p50Ms} ms`)
          .join(', ')} (server time p50)`,
      );
    }
    let replay: ReplayThroughput | null = null;
    if (runs('replay')) {
      replay = await measureReplay(
        kafka,
        admin,
        replayNames,
        {
          demo: DemoOptionsSchema.parse({}),
          partitions,
          logFile: join(logDir, 'aggregator-replay.log'),
        },
        reporter,
        guard,
        signal,
      );
      reporter.step(`demo replay: ${replay.messagesPerS.toLocaleString('en')} messages/s, start-up included`);
    }

    const details: BenchDetails = {
      raw,
      naive,
      fairNaive,
      aggregators,
      cores: availableParallelism(),
      latency:
        latency === null
          ? null
          : { ...latency, eventsPerSecond: options.latencyRate, latenessMs: options.latenessMs },
      sink,
      dashboard,
      replay,
      aggregatorProfile,
      latencyProfile,
      sinkProfile,
    };
    const figures = headline(details);
    const { sampleCustomerIds: _, ...described } = workload;
    succeeded = true;
    return {
      ...figures,
      started_at: startedAt.toISOString(),
      duration_s: Math.round((Date.now() - startedAt.getTime()) / 1000),
      workload: { ...described, produceEventsPerS: rate(workload.events, workload.produceMs) },
      machine,
      targets: checkTargets(figures),
      details,
    };
  } finally {
    for (const run of [names, liveNames, replayNames]) {
      for (const failure of await removePipeline(admin, redis, run)) {
        reporter.step(`could not remove the run's ${failure}`);
      }
    }
    if (succeeded) await rm(logDir, { recursive: true, force: true });
    await admin.disconnect();
    await clickhouse.close();
    redis.disconnect();
  }
}
