import { parseArgs } from 'node:util';
import { z } from 'zod';

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
  --keep               keep the run's topics, Redis keys, ClickHouse database and logs`;

/** A command-line problem, reported with the usage. */
export class UsageError extends Error {}

/** Parses the demo's command line; `undefined` means --help. Throws a UsageError naming the option. */
export function parseDemoArgs(argv: readonly string[]): DemoOptions | undefined {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        customers: { type: 'string' },
        months: { type: 'string' },
        seed: { type: 'string' },
        'lateness-ms': { type: 'string' },
        'malformed-share': { type: 'string' },
        'duplicate-share': { type: 'string' },
        json: { type: 'boolean' },
        keep: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'bad arguments',
    );
  }
  if (values.help === true) return undefined;
  return parseOptions(DemoOptionsSchema, {
    customers: values.customers,
    months: values.months,
    seed: values.seed,
    latenessMs: values['lateness-ms'],
    malformedShare: values['malformed-share'],
    duplicateShare: values['duplicate-share'],
    json: values.json,
    keep: values.keep,
  });
}

/**
 * Validates options with `schema`, leaving out the ones not given so their defaults apply;
 * a problem is a UsageError naming the option as it is spelt on the command line.
 */
export function parseOptions<S extends z.ZodType>(schema: S, given: Record<string, unknown>): z.output<S> {
  const present = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new UsageError(`--${flag}: ${issue?.message ?? 'invalid'}`);
}
