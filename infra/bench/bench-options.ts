import { z } from 'zod';
import { parseCommandLine } from '../demo/command-line.js';

export const BENCH_PHASES = ['raw', 'naive', 'aggregator', 'latency', 'sink'] as const;
export type BenchPhase = (typeof BENCH_PHASES)[number];

/** The workload and the phases of a bench run. */
export const BenchOptionsSchema = z
  .object({
    events: z.coerce.number().int().positive().max(20_000_000).default(1_000_000),
    customers: z.coerce.number().int().positive().max(5_000_000).default(100_000),
    seed: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(7),
    /** Events the naive consumer handles (it is slow; a sample is enough for its rate). */
    naiveEvents: z.coerce.number().int().positive().default(50_000),
    latencySeconds: z.coerce.number().int().positive().max(3_600).default(30),
    latencyRate: z.coerce.number().int().positive().max(100_000).default(2_000),
    /** Seconds at the start of the latency run left out of its percentiles (JIT and connection warm-up). */
    warmupSeconds: z.coerce.number().int().nonnegative().default(3),
    /** The live aggregator's allowed lateness in the latency run. */
    latenessMs: z.coerce.number().int().nonnegative().max(600_000).default(2_000),
    /** How often the latency run polls the aggregator group's committed offsets. */
    commitPollMs: z.coerce.number().int().positive().max(1_000).default(10),
    /** Aggregator processes in the throughput run's consumer group (the design's way to scale out). */
    aggregatorInstances: z.coerce.number().int().positive().max(6).default(1),
    skip: z.array(z.enum(BENCH_PHASES)).default([]),
    /** Profiles the aggregator's and the sink's throughput runs and prints where their time goes. */
    profile: z.boolean().default(false),
    out: z.string().min(1).default('bench-results'),
  })
  .strict();

export type BenchOptions = z.output<typeof BenchOptionsSchema>;

export const BENCH_USAGE = `usage: npm run bench -- [options]
  --events N                 events of the workload (default 1000000)
  --customers N              customers of the workload (default 100000)
  --seed N                   simulator seed (default 7)
  --naive-events N           events the naive consumer handles (default 50000)
  --latency-seconds N        length of the fixed-rate latency run (default 30)
  --latency-rate N           events per second of the latency run (default 2000)
  --warmup-seconds N         start of the latency run left out of its percentiles (default 3)
  --lateness-ms N            the aggregators' allowed lateness (default 2000)
  --commit-poll-ms N         committed-offset polling period of the latency run (default 10)
  --aggregator-instances N   aggregator processes sharing the throughput run (default 1)
  --skip a,b                 phases to skip: ${BENCH_PHASES.join(', ')}
  --profile                  profile the aggregator and sink runs (CPU profile, timing spans) and summarise
  --out DIR                  where bench-<timestamp>.json goes (default bench-results)`;

/** Parses the bench's command line; `undefined` means --help. Throws a UsageError naming the option. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | undefined {
  return parseCommandLine(BenchOptionsSchema, argv);
}
