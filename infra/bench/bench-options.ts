import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseCommandLine } from '../demo/command-line.js';

export const BENCH_PHASES = ['raw', 'naive', 'aggregator', 'latency', 'sink', 'dashboard', 'replay'] as const;
export type BenchPhase = (typeof BENCH_PHASES)[number];

/** The workload and the phases of a bench run. */
export const BenchOptionsSchema = z
  .object({
    events: z.coerce.number().int().positive().max(20_000_000).default(1_000_000),
    customers: z.coerce.number().int().positive().max(5_000_000).default(100_000),
    seed: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(7),
    /** Events each naive consumer handles (they are slow; a sample is enough for their rate). */
    naiveEvents: z.coerce.number().int().positive().default(50_000),
    latencySeconds: z.coerce.number().int().positive().max(3_600).default(30),
    latencyRate: z.coerce.number().int().positive().max(100_000).default(2_000),
    /** Seconds at the start of the latency run left out of its percentiles (JIT and connection warm-up). */
    warmupSeconds: z.coerce.number().int().nonnegative().default(3),
    /** The live aggregator's allowed lateness in the latency run. */
    latenessMs: z.coerce.number().int().nonnegative().max(600_000).default(2_000),
    /** How often the latency run polls the aggregator group's committed offsets. */
    commitPollMs: z.coerce.number().int().positive().max(1_000).default(10),
    /**
     * One aggregator run per entry, cold, each with that many processes of one worker in one
     * consumer group: by default one worker, then one per core (all cores from one command).
     */
    aggregatorProcesses: z
      .array(z.coerce.number().int().positive().max(64))
      .min(1)
      .default(() => [...new Set([1, availableParallelism()])]),
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
  --naive-events N           events each naive consumer handles (default 50000)
  --latency-seconds N        length of the fixed-rate latency run (default 30)
  --latency-rate N           events per second of the latency run (default 2000)
  --warmup-seconds N         start of the latency run left out of its percentiles (default 3)
  --lateness-ms N            the aggregators' allowed lateness (default 2000)
  --commit-poll-ms N         committed-offset polling period of the latency run (default 10)
  --aggregator-processes a,b one cold aggregator run per entry, each with that many processes of
                             one worker (AGGREGATOR_WORKERS=1) in one consumer group; 1 gives the
                             one-worker figure, ${availableParallelism()} (the cores) the all-cores one (default
                             1,${availableParallelism()}); --profile profiles the first run
  --skip a,b                 phases to skip: ${BENCH_PHASES.join(', ')}
                             (naive: both naive consumers; replay: the demo's workload, 20,000
                             customers x 12 months, replayed as the demo does)
  --profile                  profile the aggregator and sink runs (CPU profile, timing spans) and summarise
  --out DIR                  where bench-<timestamp>.json goes (default bench-results)`;

/** Parses the bench's command line; `undefined` means --help. Throws a UsageError naming the option. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | undefined {
  return parseCommandLine(BenchOptionsSchema, argv);
}
