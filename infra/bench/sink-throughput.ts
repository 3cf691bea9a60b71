// The history sink from a cold start (process start, migrations, group join) until it
// committed every message of the bench topics: the workload and the aggregator's outputs.
// Rows are counted in ClickHouse itself (rows of the active parts of the run's tables).

import type { ClickHouseClient } from '@clickhouse/client';
import { type JsonInteger, quoteString, selectRows, toSafeInteger } from '@loyalty/clickhouse';
import { historyTopics } from '@loyalty/contracts';
import { groupProgress, lagOf } from '@loyalty/kafka';
import type { Admin } from 'kafkajs';
import { waitForGroupToDrain } from '../demo/consumer-lag.js';
import type { PipelineNames } from '../demo/fresh-pipeline.js';
import { type Instrumentation, startHistorySink } from '../demo/pipeline-services.js';
import type { RunReporter } from '../demo/progress.js';
import { type CpuUse, stackPid, startCpuMeter } from './process-cpu.js';
import { rate } from './raw-consumer.js';

export interface SinkThroughput {
  readonly messages: number;
  readonly rows: number;
  /** Rows / (process spawn to every offset committed). */
  readonly coldRowsPerS: number;
  /** Rows / (consuming started to every offset committed). */
  readonly steadyRowsPerS: number;
  readonly startupMs: number;
  readonly totalMs: number;
  /** CPU seconds of the sink, ClickHouse and the broker from consuming started to all committed. */
  readonly cpu: CpuUse;
}

/** Runs the history sink over every topic of the run and stops it cleanly. */
export async function measureSink(
  admin: Admin,
  clickhouse: ClickHouseClient,
  names: PipelineNames,
  logFile: string,
  reporter: RunReporter,
  guard: () => void,
  instrumentation?: Instrumentation,
): Promise<SinkThroughput> {
  const topics = historyTopics(names.topics);
  const messages = lagOf(await groupProgress(admin, names.sinkGroup, topics));
  const spawnedAt = Date.now();
  const sink = await startHistorySink(names, logFile, instrumentation);
  const readyAt = Date.now();
  let doneAt: number;
  let cpu: CpuUse;
  try {
    const meter = await startCpuMeter({
      'history sink': sink.pid,
      clickhouse: await stackPid('clickhouse'),
      kafka: await stackPid('kafka'),
    });
    doneAt = await waitForGroupToDrain(admin, names.sinkGroup, topics, {
      label: 'history sink',
      reporter,
      intervalMs: 200,
      guard: () => {
        guard();
        sink.check();
      },
    });
    cpu = await meter();
  } catch (error) {
    await sink.kill();
    throw error;
  }
  await sink.stop();
  const [counted] = await selectRows<{ rows: JsonInteger }>(
    clickhouse,
    `SELECT sum(rows) AS rows FROM system.parts
     WHERE active AND database = ${quoteString(names.database)} AND table != 'schema_migrations'`,
  );
  const rows = toSafeInteger(counted?.rows ?? 0);
  return {
    messages,
    rows,
    coldRowsPerS: rate(rows, doneAt - spawnedAt),
    steadyRowsPerS: rate(rows, doneAt - readyAt),
    startupMs: readyAt - spawnedAt,
    totalMs: doneAt - spawnedAt,
    cpu,
  };
}
