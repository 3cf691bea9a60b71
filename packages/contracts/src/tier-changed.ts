import { z } from 'zod';
import { CurrencySchema, ReasonSchema } from './fields.js';
import { outputEnvelopeShape } from './output-envelope.js';

/** The service tiers of the customer pyramid, from the lowest to the highest. */
export const TIERS = ['lead', 'iron', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];
export const TierSchema = z.enum(TIERS);

export const TIER_DIRECTIONS = ['initial', 'upgrade', 'downgrade'] as const;

/** The position of a tier in TIERS: higher is better. */
export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier);
}

const tierChangedShape = {
  type: z.literal('tier-changed'),
  ...outputEnvelopeShape,
  newTier: TierSchema,
  reason: ReasonSchema,
  qualifyingSpendMinor: z
    .int()
    .describe('Trailing qualifying spend in minor units; negative when returns exceed sales.'),
  currency: CurrencySchema,
};

const InitialTierSchema = z.object({
  ...tierChangedShape,
  direction: z.literal('initial'),
  previousTier: z.null(),
});

const TierMoveSchema = z
  .object({
    ...tierChangedShape,
    direction: z.enum(['upgrade', 'downgrade']),
    previousTier: TierSchema,
  })
  .refine(
    (event) =>
      event.direction === 'upgrade'
        ? tierRank(event.newTier) > tierRank(event.previousTier)
        : tierRank(event.newTier) < tierRank(event.previousTier),
    {
      path: ['direction'],
      error: 'must agree with the order of previousTier and newTier (lead < iron < gold < platinum)',
    },
  );

export const TierChangedEventSchema = z
  .discriminatedUnion('direction', [InitialTierSchema, TierMoveSchema])
  .meta({
    title: 'tier-changed v1',
    description:
      "A customer's service tier changed, or was first assigned (direction initial, previousTier null). " +
      'An upgrade moves to a higher tier (lead < iron < gold < platinum), a downgrade to a lower one.',
  });
export type TierChangedEvent = z.infer<typeof TierChangedEventSchema>;
