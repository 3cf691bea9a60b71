import { TIER_REASONS, TIERS, tierRank } from '@loyalty/core';
import { z } from 'zod';
import { CurrencySchema } from './fields.js';
import { correctionShape, outputEnvelopeShape } from './output-envelope.js';

// The domain's vocabulary (packages/core) is the contract's: one list each, so that a new tier
// changes the published schemas (and their tests) with the rules.
export { TIER_REASONS, TIERS, type Tier, type TierReason, tierRank } from '@loyalty/core';
export const TierSchema = z.enum(TIERS);
export const TierReasonSchema = z
  .enum(TIER_REASONS)
  .describe(
    'Why the tier changed: qualifying_spend (the trailing spend reached or left a threshold), ' +
      'grace_period_ended (a downgrade after the grace period), complaint_freeze_ended (an open complaint no longer holds the tier).',
  );

export const TIER_DIRECTIONS = ['initial', 'upgrade', 'downgrade'] as const;

const tierChangedShape = {
  type: z.literal('tier-changed'),
  ...outputEnvelopeShape,
  ...correctionShape,
  newTier: TierSchema,
  reason: TierReasonSchema,
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
