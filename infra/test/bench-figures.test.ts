import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { AggregatorThroughput } from '../bench/aggregator-throughput.js';
import { parseBenchArgs } from '../bench/bench-options.js';
import { type BenchDetails, checkTargets, headline } from '../bench/bench-results.js';
import { cpuMicrosPerEvent, cpuOf, percentOf, ratio } from '../bench/figures.js';
import type { CpuUse } from '../bench/process-cpu.js';

const cpu = (seconds: Record<string, number | null>): CpuUse => ({
  wallSeconds: 10,
  cpuSeconds: seconds,
  otherSeconds: 0,
});

function aggregatorRun(processes: number, coldEventsPerS: number, cpuMicros: number): AggregatorThroughput {
  return {
    processes,
    coldEventsPerS,
    steadyEventsPerS: coldEventsPerS,
    startupMs: 1_000,
    totalMs: 10_000,
    cpu: cpu({ 'aggregator 1': 1 }),
    aggregatorCpuSeconds: 1,
    cpuMicrosPerEvent: cpuMicros,
    redisCommands: [],
    usedMemoryDeltaBytes: 0,
    redisBytesPerCustomer: 550,
    keySample: {} as AggregatorThroughput['keySample'],
  };
}

const rate = (eventsPerS: number) => ({ events: 1_000, ms: 1_000, eventsPerS });

const details: BenchDetails = {
  raw: rate(160_000),
  naive: rate(6_000),
  fairNaive: rate(1_000),
  aggregators: [aggregatorRun(1, 8_000, 110), aggregatorRun(4, 20_000, 130)],
  cores: 4,
  latency: null,
  sink: null,
  dashboard: {
    customers: 20_000,
    requestsPerPage: 7,
    pages: {
      '/': { path: '/', p50Ms: 320, maxMs: 400 },
      '/analysts': { path: '/analysts', p50Ms: 340, maxMs: 390 },
      '/model': { path: '/model', p50Ms: 100, maxMs: 120 },
    },
  },
  replay: { customers: 20_000, months: 12, messages: 181_000, replayMs: 10_000, messagesPerS: 18_100 },
  aggregatorProfile: null,
  latencyProfile: null,
  sinkProfile: null,
};

describe('the bench figures', () => {
  it('rounds ratios and percentages to one decimal, and leaves out what was not measured', () => {
    expect(ratio(8_000, 1_000)).toBe(8);
    expect(ratio(1, 3)).toBe(0.3);
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(percentOf(3_180, 159_719)).toBe(2);
    expect(percentOf(8_000, 160_000)).toBe(5);
    expect(percentOf(8_000, null)).toBeNull();
  });

  it('gives CPU per event in microseconds, which is CPU seconds per million events', () => {
    expect(cpuMicrosPerEvent(333, 1_000_000)).toBe(333);
    expect(cpuMicrosPerEvent(2.7, 20_000)).toBe(135);
    expect(cpuMicrosPerEvent(null, 1_000)).toBeNull();
  });

  it("sums the CPU of a run's aggregator processes, unknown if one of them is", () => {
    expect(cpuOf(cpu({ 'aggregator 1': 10.2, 'aggregator 2': 9.9, redis: 4 }), 'aggregator')).toBe(20.1);
    expect(cpuOf(cpu({ 'aggregator 1': 10.2, 'aggregator 2': null }), 'aggregator')).toBeNull();
    expect(cpuOf(cpu({ redis: 4 }), 'aggregator')).toBeNull();
  });
});

describe('the bench headline', () => {
  it('takes the one-worker run and the run with a process per core, each against the raw read', () => {
    const figures = headline(details);
    expect(figures).toMatchObject({
      aggregator_events_per_s: 8_000,
      aggregator_all_cores_events_per_s: 20_000,
      one_worker_percent_of_raw: 5,
      all_cores_percent_of_raw: 12.5,
      aggregator_cpu_us_per_event: 110,
      aggregator_all_cores_cpu_us_per_event: 130,
      aggregator_to_naive_ratio: 1.3,
      aggregator_to_fair_naive_ratio: 8,
      redis_bytes_per_customer: 550,
      replay_messages_per_s: 18_100,
      dashboard_slowest_page_p50_ms: 340,
    });
    expect(headline({ ...details, dashboard: null }).dashboard_slowest_page_p50_ms).toBeNull();
  });

  it("judges issue 16's targets, and marks skipped phases as such", () => {
    const verdicts = Object.fromEntries(checkTargets(headline(details)).map((t) => [t.measure, t.met]));
    expect(verdicts).toMatchObject({
      one_worker_percent_of_raw: true,
      all_cores_percent_of_raw: true,
      aggregator_to_fair_naive_ratio: false,
      redis_bytes_per_customer: true,
      replay_messages_per_s: true,
      p99_ms: null,
    });
  });

  it('has no all-cores figure when no run had a process per core', () => {
    const figures = headline({ ...details, aggregators: [aggregatorRun(1, 8_000, 110)] });
    expect(figures.aggregator_all_cores_events_per_s).toBeNull();
    expect(figures.all_cores_percent_of_raw).toBeNull();
  });
});

describe('--aggregator-processes', () => {
  it('runs one worker, then one per core, unless told otherwise', () => {
    const cores = availableParallelism();
    expect(parseBenchArgs([])?.aggregatorProcesses).toEqual(cores === 1 ? [1] : [1, cores]);
    expect(parseBenchArgs(['--aggregator-processes', '1,3'])?.aggregatorProcesses).toEqual([1, 3]);
    expect(() => parseBenchArgs(['--aggregator-processes', '0'])).toThrow(/--aggregator-processes/);
  });
});
