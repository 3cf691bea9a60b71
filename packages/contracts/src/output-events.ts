import { z } from 'zod';
import { ChurnRiskEventSchema } from './churn-risk.js';
import { PyramidLevelChangedEventSchema } from './pyramid-level-changed.js';
import { StageChangedEventSchema } from './stage-changed.js';
import { TierChangedEventSchema } from './tier-changed.js';
import { TOPICS, type TopicName } from './topics.js';
import { WalletShareChangedEventSchema } from './wallet-share-changed.js';

export const OutputEventSchema = z.discriminatedUnion('type', [
  TierChangedEventSchema,
  StageChangedEventSchema,
  ChurnRiskEventSchema,
  WalletShareChangedEventSchema,
  PyramidLevelChangedEventSchema,
]);
export type OutputEvent = z.infer<typeof OutputEventSchema>;
export type OutputEventType = OutputEvent['type'];

export const OUTPUT_EVENT_TYPES = [
  'tier-changed',
  'stage-changed',
  'churn-risk',
  'wallet-share-changed',
  'pyramid-level-changed',
] as const satisfies readonly OutputEventType[];

/** The schema of each output type, for code that already knows the type. */
export const OUTPUT_EVENT_SCHEMAS = {
  'tier-changed': TierChangedEventSchema,
  'stage-changed': StageChangedEventSchema,
  'churn-risk': ChurnRiskEventSchema,
  'wallet-share-changed': WalletShareChangedEventSchema,
  'pyramid-level-changed': PyramidLevelChangedEventSchema,
} as const satisfies Record<OutputEventType, z.ZodType<OutputEvent>>;

/** The one topic each output type is published on. */
export const TOPIC_BY_OUTPUT_TYPE = {
  'tier-changed': TOPICS.tierChanges,
  'stage-changed': TOPICS.stageChanges,
  'churn-risk': TOPICS.churnRisk,
  'wallet-share-changed': TOPICS.walletShareChanges,
  'pyramid-level-changed': TOPICS.pyramidLevelChanges,
} as const satisfies Record<OutputEventType, TopicName>;
