// The bench's results: one JSON document (bench-results/bench-<timestamp>.json) with the
// headline figures at the top level, and a table for people.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AggregatorThroughput } from './aggregator-throughput.js';
import type { LatencyResult } from './latency.js';
import type { MachineInfo } from './machine-info.js';
import type { CpuUse } from './process-cpu.js';
import type { ServiceProfile } from './profiling.js';
import type { ConsumeRate } from './raw-consumer.js';
import type { CommandStat, CustomerKeySample, KeySample } from './redis-stats.js';
import type { SinkThroughput } from './sink-throughput.js';
import type { Workload } from './workload.js';

/** The headline figures, null where a phase was skipped. */
export interface BenchHeadline {
  readonly aggregator_events_per_s: number | null;
  readonly raw_events_per_s: number | null;
  readonly naive_events_per_s: number | null;
  readonly aggregator_to_naive_ratio: number | null;
  readonly p50_ms: number | null;
  readonly p95_ms: number | null;
  readonly p99_ms: number | null;
  readonly tier_change_p50_ms: number | null;
  readonly tier_change_p95_ms: number | null;
  readonly tier_change_p99_ms: number | null;
  readonly sink_rows_per_s: number | null;
  readonly redis_bytes_per_customer: number | null;
}

export interface BenchDetails {
  readonly raw: ConsumeRate | null;
  readonly naive: ConsumeRate | null;
  readonly aggregator: AggregatorThroughput | null;
  readonly latency:
    | (LatencyResult & { readonly eventsPerSecond: number; readonly latenessMs: number })
    | null;
  readonly sink: SinkThroughput | null;
  readonly aggregatorProfile: ServiceProfile | null;
  /** The live aggregator of the latency run. */
  readonly latencyProfile: ServiceProfile | null;
  readonly sinkProfile: ServiceProfile | null;
}

export type BenchResults = BenchHeadline & {
  readonly started_at: string;
  readonly duration_s: number;
  readonly workload: Omit<Workload, 'sampleCustomerIds'> & { readonly produceEventsPerS: number };
  readonly machine: MachineInfo;
  readonly targets: readonly TargetCheck[];
  readonly details: BenchDetails;
};

export interface TargetCheck {
  readonly measure: keyof BenchHeadline;
  readonly target: string;
  /** Null when the measure was skipped. */
  readonly met: boolean | null;
}

/** The product's performance targets; reported, never asserted. */
const TARGETS: readonly { measure: keyof BenchHeadline; target: string; met: (value: number) => boolean }[] =
  [
    { measure: 'aggregator_events_per_s', target: '>= 15,000', met: (v) => v >= 15_000 },
    { measure: 'aggregator_to_naive_ratio', target: '>= 10', met: (v) => v >= 10 },
    { measure: 'p99_ms', target: '<= 250 at 2,000 events/s', met: (v) => v <= 250 },
    { measure: 'redis_bytes_per_customer', target: '<= 1,024', met: (v) => v <= 1_024 },
    { measure: 'sink_rows_per_s', target: '>= 50,000', met: (v) => v >= 50_000 },
  ];

/** The headline figures from the phases' details. */
export function headline(details: BenchDetails): BenchHeadline {
  const aggregator = details.aggregator?.coldEventsPerS ?? null;
  const naive = details.naive?.eventsPerS ?? null;
  const apply = details.latency?.applyMs ?? null;
  const tier = details.latency?.tierChangeBeyondLatenessMs ?? null;
  return {
    aggregator_events_per_s: aggregator,
    raw_events_per_s: details.raw?.eventsPerS ?? null,
    naive_events_per_s: naive,
    aggregator_to_naive_ratio:
      aggregator !== null && naive !== null && naive > 0 ? Math.round((aggregator / naive) * 10) / 10 : null,
    p50_ms: apply?.p50 ?? null,
    p95_ms: apply?.p95 ?? null,
    p99_ms: apply?.p99 ?? null,
    tier_change_p50_ms: tier?.p50 ?? null,
    tier_change_p95_ms: tier?.p95 ?? null,
    tier_change_p99_ms: tier?.p99 ?? null,
    sink_rows_per_s: details.sink?.coldRowsPerS ?? null,
    redis_bytes_per_customer: details.aggregator?.redisBytesPerCustomer ?? null,
  };
}

/** Each target with whether the run met it. */
export function checkTargets(figures: BenchHeadline): TargetCheck[] {
  return TARGETS.map(({ measure, target, met }) => {
    const value = figures[measure];
    return { measure, target, met: value === null ? null : met(value) };
  });
}

/** Writes the results as bench-<timestamp>.json in `dir`; returns the file's path. */
export async function writeResults(dir: string, results: BenchResults): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `bench-${results.started_at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

const n = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : value.toLocaleString('en');

/** The results as a table for people. */
export function renderResults(results: BenchResults): string {
  const { details: d, workload: w, machine: m } = results;
  const target = (measure: keyof BenchHeadline) => {
    const check = results.targets.find((t) => t.measure === measure);
    if (check === undefined) return '';
    const verdict = check.met === null ? 'skipped' : check.met ? 'met' : 'MISSED';
    return `${check.target} (${verdict})`;
  };
  const triple = (p: { p50: number; p95: number; p99: number } | null | undefined) =>
    p === null || p === undefined ? '-' : `${n(p.p50)} / ${n(p.p95)} / ${n(p.p99)}`;
  const rows: [string, string, string][] = [
    [
      `aggregator${d.aggregator !== null && d.aggregator.instances > 1 ? ` (${d.aggregator.instances} processes)` : ''}, cold start to all applied (events/s)`,
      n(results.aggregator_events_per_s),
      target('aggregator_events_per_s'),
    ],
    [
      '  after start-up (events/s)',
      n(d.aggregator?.steadyEventsPerS),
      `start-up ${n(d.aggregator?.startupMs)} ms`,
    ],
    ['  CPU seconds while consuming', '', cpuText(d.aggregator?.cpu)],
    ['  Redis server time by command', '', commandsText(d.aggregator?.redisCommands)],
    ['raw kafkajs consumer, read only (events/s)', n(results.raw_events_per_s), 'the client ceiling'],
    [
      `naive eachMessage + 1 Redis call (events/s, ${n(d.naive?.events)} events)`,
      n(results.naive_events_per_s),
      '',
    ],
    [
      'aggregator / naive',
      results.aggregator_to_naive_ratio === null ? '-' : `${results.aggregator_to_naive_ratio}x`,
      target('aggregator_to_naive_ratio'),
    ],
    [
      `apply latency p50 / p95 / p99 (ms) at ${n(d.latency?.eventsPerSecond)} events/s`,
      triple(d.latency?.applyMs),
      target('p99_ms'),
    ],
    [
      `tier change beyond lateness p50 / p95 / p99 (ms), lateness ${n(d.latency?.latenessMs)} ms`,
      triple(d.latency?.tierChangeBeyondLatenessMs),
      `${n(d.latency?.tierChangeBeyondLatenessMs?.count)} tier changes`,
    ],
    [
      'history sink, cold start to all written (rows/s)',
      n(results.sink_rows_per_s),
      target('sink_rows_per_s'),
    ],
    ['  after start-up (rows/s)', n(d.sink?.steadyRowsPerS), `${n(d.sink?.rows)} rows`],
    ['  CPU seconds while consuming', '', cpuText(d.sink?.cpu)],
    [
      'Redis bytes per customer (used_memory delta)',
      n(results.redis_bytes_per_customer),
      target('redis_bytes_per_customer'),
    ],
    [
      "  MEMORY USAGE of a customer's keys (sample)",
      n(d.aggregator?.keySample.bytesPerCustomer),
      keyText(d.aggregator?.keySample),
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    `workload: ${n(w.events)} events, ${n(w.customers)} customers, seed ${w.seed}, produced at ${n(w.produceEventsPerS)} events/s`,
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}, kafka ${m.kafka}, redis ${m.redis}, clickhouse ${m.clickhouse}, ` +
      `load average ${m.loadAverageAtStart} at start`,
    '',
    line(['measure', 'value', 'target']),
    ...rows.map(line),
    '',
    `took ${results.duration_s} s`,
  ].join('\n');
}

/** CPU seconds by process during a run, against the core-seconds the machine had. */
function cpuText(cpu: CpuUse | undefined): string {
  if (cpu === undefined) return '-';
  const parts = Object.entries(cpu.cpuSeconds).map(([name, seconds]) => `${name} ${seconds ?? '?'}`);
  if (cpu.otherSeconds !== null) parts.push(`others ${cpu.otherSeconds}`);
  return `${parts.join(', ')} in ${cpu.wallSeconds} s`;
}

/** What a customer's hash is made of (bytes, fields, encodings), and the due index. */
function keyText(sample: CustomerKeySample | undefined): string {
  if (sample === undefined) return '';
  const kind = (name: string, k: KeySample) =>
    `${name} ${k.bytes} B/${k.fields} fields (${Object.entries(k.encodings)
      .map(([encoding, count]) => `${Math.round((100 * count) / Math.max(sample.customers, 1))}% ${encoding}`)
      .join(', ')})`;
  return [kind('customer hash', sample.customer), `due index ${sample.dueIndexBytesPerCustomer} B`].join(
    '; ',
  );
}

/** Redis's busiest commands: calls and server microseconds per call. */
function commandsText(commands: readonly CommandStat[] | undefined): string {
  if (commands === undefined) return '';
  return commands
    .map((c) => `${c.command} ${c.calls.toLocaleString('en')} x ${(c.usec / c.calls).toFixed(1)} µs`)
    .join(', ');
}
