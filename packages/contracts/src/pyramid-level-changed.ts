import { PYRAMID_LEVELS } from '@loyalty/core';
import { z } from 'zod';
import { CurrencySchema } from './fields.js';
import { correctionShape, outputEnvelopeShape } from './output-envelope.js';

export { PYRAMID_LEVELS, type PyramidLevel } from '@loyalty/core';
export const PyramidLevelSchema = z.enum(PYRAMID_LEVELS);

const cutoffSchema = (level: string) =>
  z
    .int()
    .describe(
      `Where ${level} started at the epoch: the value its cut-off bucket stands for (buckets 0.5 % wide), rounded to a minor unit; 0 for the bucket of values below one minor unit.`,
    );

export const PyramidLevelChangedEventSchema = z
  .object({
    type: z.literal('pyramid-level-changed'),
    ...outputEnvelopeShape,
    occurredAt: outputEnvelopeShape.occurredAt.describe(
      'The epoch at which the pyramid was fixed: the start of a month, UTC (e.g. 2026-03-01T00:00:00.000Z), ISO 8601 with a UTC offset or Z.',
    ),
    ...correctionShape,
    previousLevel: PyramidLevelSchema.nullable().describe(
      "null for the customer's first level, at the first epoch after their first sale.",
    ),
    newLevel: PyramidLevelSchema.describe(
      "The level at the epoch: platinum from cutoffs.platinumMinor, gold from goldMinor, iron from ironMinor, lead below. Levels are decided by bucket, so valueMinor can be up to 0.5 % below its level's cut-off.",
    ),
    valueMinor: z
      .int()
      .describe(
        "The customer's trailing qualifying spend at the epoch (net spend of the tier rules' qualificationWindowDays, default 365), in minor units; negative when returns exceed sales.",
      ),
    cutoffs: z
      .object({
        platinumMinor: cutoffSchema('platinum'),
        goldMinor: cutoffSchema('gold'),
        ironMinor: cutoffSchema('iron'),
      })
      .describe('Where each level started at the epoch, in minor units of currency.'),
    customers: z
      .int()
      .positive()
      .describe('How many customers (every one with a sale by the epoch) the pyramid ranked.'),
    currency: CurrencySchema.describe('The base currency of valueMinor and cutoffs.'),
  })
  .refine((event) => event.newLevel !== event.previousLevel, {
    path: ['newLevel'],
    error: 'must differ from previousLevel',
  })
  .meta({
    title: 'pyramid-level-changed v1',
    description:
      "A customer's level in the value pyramid changed at a monthly epoch (occurredAt, the start of a UTC month): " +
      'customers ranked by trailing qualifying spend at the epoch, the top 1 % platinum, the next 4 % gold, the next 15 % iron ' +
      "and the rest lead (the shares are the rules file's pyramid section); newLevel always differs from previousLevel. " +
      'See docs/value-pyramid.md.',
  });
export type PyramidLevelChangedEvent = z.infer<typeof PyramidLevelChangedEventSchema>;
