import { CurrencySchema } from '@loyalty/contracts';
import { z } from 'zod';

/**
 * When the simulated history starts: a date alone is midnight UTC; a date-time must carry
 * its offset, or the same flags would mean different instants on machines in other zones.
 */
export const StartSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The options of a traffic run; everything but seed and customers has a default. */
export const TrafficOptionsSchema = z
  .object({
    seed: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    customers: z.int().positive().max(10_000_000),
    start: StartSchema.default('2025-01-01'),
    durationDays: z.number().positive().max(3_660).default(400),
    malformedShare: z.number().min(0).max(0.45).default(0),
    duplicateShare: z.number().min(0).max(0.45).default(0),
    currency: CurrencySchema.default('EUR'),
  })
  .strict();

export type TrafficOptions = z.input<typeof TrafficOptionsSchema>;
export type ResolvedTrafficOptions = z.output<typeof TrafficOptionsSchema>;

/** Validates traffic options and applies the defaults; throws a RangeError naming the option. */
export function resolveTrafficOptions(options: TrafficOptions): ResolvedTrafficOptions {
  const result = TrafficOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || 'options';
  throw new RangeError(`traffic option ${path}: ${issue?.message ?? 'invalid'}`);
}
