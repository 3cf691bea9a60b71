import type { TrafficOptions } from '@loyalty/simulator';
import { z } from 'zod';
import { parseCommandLine } from './command-line.js';

const DAY_MS = 86_400_000;

/** What a demo run simulates and how it reports. */
export const DemoOptionsSchema = z
  .object({
    customers: z.coerce.number().int().positive().max(1_000_000).default(20_000),
    months: z.coerce.number().int().positive().max(60).default(12),
    seed: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(42),
    /** Allowed lateness of the aggregator: event time in replay, wall time live. */
    latenessMs: z.coerce.number().int().nonnegative().max(600_000).default(2_000),
    malformedShare: z.coerce.number().min(0).max(0.2).default(0.01),
    duplicateShare: z.coerce.number().min(0).max(0.2).default(0.01),
    json: z.boolean().default(false),
    /** Keep the run's topics, keys, database and logs to explore afterwards. */
    keep: z.boolean().default(false),
    /** Serve the dashboard over the run's history at the end, until interrupted. */
    dashboard: z.boolean().default(false),
  })
  .strict();

export type DemoOptions = z.output<typeof DemoOptionsSchema>;

export const DEMO_USAGE = `usage: npm run demo -- [options]
  --customers N        simulated customers (default 20000)
  --months N           months of history, ending now (default 12)
  --seed N             simulator seed (default 42)
  --lateness-ms N      the aggregator's allowed lateness (default 2000)
  --malformed-share X  share of malformed messages (default 0.01)
  --duplicate-share X  share of re-sent duplicates (default 0.01)
  --json               print the summary as one JSON document on stdout
  --keep               keep the run's topics, Redis keys, ClickHouse database and logs
  --dashboard          at the end, serve the web dashboard over the run's history until Ctrl-C
                       (then the run's data is removed, unless --keep)`;

/** Parses the demo's command line; `undefined` means --help. Throws a UsageError naming the option. */
export function parseDemoArgs(argv: readonly string[]): DemoOptions | undefined {
  return parseCommandLine(DemoOptionsSchema, argv);
}

/** The simulated traffic of a demo run: `options.months` of history ending at `toMs`. */
export function demoTraffic(options: DemoOptions, toMs: number): TrafficOptions & { readonly start: string } {
  const durationDays = Math.round((options.months * 365) / 12);
  return {
    seed: options.seed,
    customers: options.customers,
    start: new Date(toMs - durationDays * DAY_MS).toISOString(),
    durationDays,
    malformedShare: options.malformedShare,
    duplicateShare: options.duplicateShare,
  };
}
