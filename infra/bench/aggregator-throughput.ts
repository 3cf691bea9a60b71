// The real aggregator from a cold start (process start, group join) until it committed
// every event of the workload, in replay mode as for any backlog of history, the CPU it
// spent per event, and the Redis memory its state takes.

import { join } from 'node:path';
import { INPUT_TOPICS } from '@loyalty/contracts';
import type { Redis } from 'ioredis';
import type { Admin } from 'kafkajs';
import { waitForGroupToDrain } from '../demo/consumer-lag.js';
import type { PipelineNames } from '../demo/fresh-pipeline.js';
import { type Instrumentation, startAggregator } from '../demo/pipeline-services.js';
import type { RunReporter } from '../demo/progress.js';
import type { ServiceProcess } from '../demo/service-process.js';
import { cpuMicrosPerEvent, cpuOf } from './figures.js';
import { type CpuUse, stackPid, startCpuMeter } from './process-cpu.js';
import { rate } from './raw-consumer.js';
import {
  busiestCommands,
  type CommandStat,
  type CustomerKeySample,
  commandStats,
  redisPid,
  sampleCustomerKeys,
  usedMemory,
} from './redis-stats.js';
import type { Workload } from './workload.js';

export interface AggregatorThroughput {
  /** Processes in the consumer group, each of one worker (AGGREGATOR_WORKERS=1). */
  readonly processes: number;
  /** Workload events / (process spawn to every offset committed). */
  readonly coldEventsPerS: number;
  /** Workload events / (consuming started to every offset committed). */
  readonly steadyEventsPerS: number;
  readonly startupMs: number;
  readonly totalMs: number;
  /** CPU seconds of the aggregator, Redis and the broker from consuming started to all committed. */
  readonly cpu: CpuUse;
  /** CPU seconds of the aggregator processes together; null where /proc could not tell. */
  readonly aggregatorCpuSeconds: number | null;
  /** Their CPU microseconds per workload event, which is also CPU seconds per million events. */
  readonly cpuMicrosPerEvent: number | null;
  /** The Redis commands that took the server the most time meanwhile (other clients' included). */
  readonly redisCommands: readonly CommandStat[];
  readonly usedMemoryDeltaBytes: number;
  readonly redisBytesPerCustomer: number;
  /** MEMORY USAGE of a sample of customers' keys, and what they are made of. */
  readonly keySample: CustomerKeySample;
}

/**
 * Runs the aggregator over the workload and stops it cleanly: one process, or several in one
 * consumer group (they share the partitions). Each process is told to run one worker
 * (AGGREGATOR_WORKERS=1), so that N processes are N workers whatever the service's default.
 * `names` gives the consumer group and Redis prefix: a fresh pair per run makes each a cold start.
 */
export async function measureAggregator(
  admin: Admin,
  redis: Redis,
  names: PipelineNames,
  workload: Workload,
  settings: {
    /** Where the logs go: aggregator-<n>.log. */
    readonly logDir: string;
    readonly latenessMs: number;
    readonly partitions: number;
    readonly processes: number;
    /** Applies to the first process. */
    readonly instrumentation?: Instrumentation;
  },
  reporter: RunReporter,
  guard: () => void,
): Promise<AggregatorThroughput> {
  const before = await usedMemory(redis);
  const topics = INPUT_TOPICS.map((topic) => `${names.namespace}${topic}`);
  const spawnedAt = Date.now();
  const aggregators: ServiceProcess[] = [];
  let readyAt = spawnedAt;
  let doneAt: number;
  let after: number;
  let cpu: CpuUse;
  let redisCommands: CommandStat[];
  try {
    // All at once, so that they join the group together rather than the first consuming alone
    // while the others start.
    const starts = await Promise.allSettled(
      Array.from({ length: settings.processes }, (_, i) => {
        const instrumentation = i === 0 ? settings.instrumentation : undefined;
        return startAggregator(
          names,
          {
            mode: 'replay',
            latenessMs: settings.latenessMs,
            logFile: join(settings.logDir, `aggregator-${i + 1}.log`),
          },
          {
            nodeFlags: instrumentation?.nodeFlags ?? [],
            env: { ...instrumentation?.env, AGGREGATOR_WORKERS: '1' },
          },
        );
      }),
    );
    for (const start of starts) if (start.status === 'fulfilled') aggregators.push(start.value);
    const failed = starts.find((start) => start.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    readyAt = Date.now();
    const commandsBefore = await commandStats(redis);
    const meter = await startCpuMeter({
      ...Object.fromEntries(aggregators.map((aggregator, i) => [`aggregator ${i + 1}`, aggregator.pid])),
      redis: await redisPid(redis),
      kafka: await stackPid('kafka'),
    });
    doneAt = await waitForGroupToDrain(admin, names.aggregatorGroup, topics, {
      label: settings.processes === 1 ? 'aggregator' : `${settings.processes} aggregators`,
      reporter,
      intervalMs: 200,
      guard: () => {
        guard();
        for (const aggregator of aggregators) aggregator.check();
      },
    });
    cpu = await meter();
    redisCommands = busiestCommands(commandsBefore, await commandStats(redis));
    after = await usedMemory(redis);
  } catch (error) {
    await Promise.all(aggregators.map((aggregator) => aggregator.kill()));
    throw error;
  }
  for (const aggregator of aggregators) await aggregator.stop();
  const delta = after - before;
  const aggregatorCpuSeconds = cpuOf(cpu, 'aggregator');
  return {
    processes: settings.processes,
    coldEventsPerS: rate(workload.events, doneAt - spawnedAt),
    steadyEventsPerS: rate(workload.events, doneAt - readyAt),
    startupMs: readyAt - spawnedAt,
    totalMs: doneAt - spawnedAt,
    cpu,
    aggregatorCpuSeconds,
    cpuMicrosPerEvent: cpuMicrosPerEvent(aggregatorCpuSeconds, workload.events),
    redisCommands,
    usedMemoryDeltaBytes: delta,
    redisBytesPerCustomer: Math.round(delta / Math.max(workload.customers, 1)),
    keySample: await sampleCustomerKeys(redis, names.redisPrefix, workload.sampleCustomerIds, {
      customers: workload.customers,
      shards: settings.partitions,
    }),
  };
}
