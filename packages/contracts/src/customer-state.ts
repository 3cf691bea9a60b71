import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ChurnLevelSchema } from './churn-risk.js';
import { outputEnvelopeShape } from './output-envelope.js';
import { type PyramidLevel, PyramidLevelSchema } from './pyramid-level-changed.js';
import { StageSchema } from './stage-changed.js';
import { TierSchema } from './tier-changed.js';
import { WalletBandSchema } from './wallet-share-changed.js';

const sinceSchema = (value: string, topic: string) =>
  z.iso
    .datetime({ offset: true })
    .nullable()
    .describe(
      `occurredAt of the last event on ${topic}, since when ${value} holds; null exactly when ${value} is null.`,
    );

export const CustomerStateEventSchema = z
  .object({
    type: z.literal('customer-state'),
    ...outputEnvelopeShape,
    occurredAt: outputEnvelopeShape.occurredAt.describe(
      'The latest of tierSince, stageSince, churnSince, walletBandSince and pyramidLevelSince, ISO 8601 with a UTC offset or Z.',
    ),
    tier: TierSchema.nullable().describe('The tier last announced on loyalty.tier-changes.v1.'),
    tierSince: sinceSchema('tier', 'loyalty.tier-changes.v1'),
    stage: StageSchema.nullable().describe('The stage last announced on loyalty.stage-changes.v1.'),
    stageSince: sinceSchema('stage', 'loyalty.stage-changes.v1'),
    churnLevel: ChurnLevelSchema.nullable().describe(
      'The churn level last announced on loyalty.churn-risk.v1.',
    ),
    churnSince: sinceSchema('churnLevel', 'loyalty.churn-risk.v1'),
    walletBand: WalletBandSchema.nullable()
      .default(null)
      .describe(
        'The share-of-wallet band last announced on loyalty.wallet-share-changes.v1; null before the first wallet estimate (and in records written before the band was announced).',
      ),
    walletBandSince: sinceSchema('walletBand', 'loyalty.wallet-share-changes.v1').default(null),
    pyramidLevel: PyramidLevelSchema.nullable()
      .default(null)
      .describe(
        'The value-pyramid level last announced on loyalty.pyramid-level-changes.v1; null before the first epoch after the first sale (and in records written before the level was announced).',
      ),
    pyramidLevelSince: sinceSchema('pyramidLevel', 'loyalty.pyramid-level-changes.v1').default(null),
    changes: z
      .int()
      .nonnegative()
      .describe(
        'How many change events of tier, stage, churn risk and share of wallet (corrections included) the aggregator has ' +
          'published for the customer so far; a record with more changes is newer. Pyramid level changes are not counted.',
      ),
  })
  .refine((state) => (state.tier === null) === (state.tierSince === null), {
    path: ['tierSince'],
    error: 'must be null exactly when tier is null',
  })
  .refine((state) => (state.stage === null) === (state.stageSince === null), {
    path: ['stageSince'],
    error: 'must be null exactly when stage is null',
  })
  .refine((state) => (state.churnLevel === null) === (state.churnSince === null), {
    path: ['churnSince'],
    error: 'must be null exactly when churnLevel is null',
  })
  .refine((state) => (state.walletBand === null) === (state.walletBandSince === null), {
    path: ['walletBandSince'],
    error: 'must be null exactly when walletBand is null',
  })
  .refine((state) => (state.pyramidLevel === null) === (state.pyramidLevelSince === null), {
    path: ['pyramidLevelSince'],
    error: 'must be null exactly when pyramidLevel is null',
  })
  .refine(
    (state) => {
      const since = [
        state.tierSince,
        state.stageSince,
        state.churnSince,
        state.walletBandSince,
        state.pyramidLevelSince,
      ].flatMap((s) => (s === null ? [] : [Date.parse(s)]));
      return since.length === 0 || Date.parse(state.occurredAt) === Math.max(...since);
    },
    {
      path: ['occurredAt'],
      error: 'must be the latest of tierSince, stageSince, churnSince, walletBandSince and pyramidLevelSince',
    },
  )
  .meta({
    title: 'customer-state v1',
    description:
      "A customer's current tier, stage, churn level, share-of-wallet band and value-pyramid level with the times since when each holds, on the " +
      'compacted topic loyalty.customer-state.v1 (keyed by customerId): the fold of the change topics, ' +
      'to bootstrap from as from a table. A null value (tombstone) means the customer was erased.',
  });
export type CustomerStateEvent = z.infer<typeof CustomerStateEventSchema>;

/** The published event types of the current-state topic. */
export const STATE_EVENT_SCHEMAS = { 'customer-state': CustomerStateEventSchema } as const;
export type StateEventType = keyof typeof STATE_EVENT_SCHEMAS;
export const STATE_EVENT_TYPES = ['customer-state'] as const satisfies readonly StateEventType[];

/**
 * The id of a customer's state after `changes` change events, the latest at `occurredAtMs`, with
 * the pyramid level announced since `pyramid.since` if any: the same state republished (a retry,
 * a restart) keeps its id, and every change gives a new one, also after an erasure, when the
 * count starts again (a new profile's changes are later). `changes` does not count pyramid level
 * changes, and a correction at an epoch can leave occurredAt where it was, so the level and its
 * epoch are part of the id.
 */
export function customerStateEventId(
  customerId: string,
  changes: number,
  occurredAtMs: number,
  pyramid?: { readonly level: PyramidLevel; readonly since: number },
): string {
  // JSON of an array is unambiguous whatever the id contains; the prefix versions the scheme.
  // Without a level the array is the one from before levels, so those states keep their ids.
  const fields: unknown[] = ['loyalty-state-v1', customerId, changes, occurredAtMs];
  if (pyramid !== undefined) fields.push(pyramid.level, pyramid.since);
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}
