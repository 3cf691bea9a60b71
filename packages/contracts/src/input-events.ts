import { z } from 'zod';
import { CampaignResponseEventSchema } from './campaign-response.js';
import { ComplaintEventSchema } from './complaint.js';
import { PurchaseEventSchema } from './purchase.js';
import { TOPICS, type TopicName, type TopicNames } from './topics.js';
import { WalletEstimateEventSchema } from './wallet-estimate.js';

export const InputEventSchema = z.discriminatedUnion('type', [
  PurchaseEventSchema,
  ComplaintEventSchema,
  CampaignResponseEventSchema,
  WalletEstimateEventSchema,
]);
export type InputEvent = z.infer<typeof InputEventSchema>;
export type InputEventType = InputEvent['type'];

export const INPUT_EVENT_TYPES = [
  'purchase',
  'complaint',
  'campaign-response',
  'wallet-estimate',
] as const satisfies readonly InputEventType[];

/** The schema of each input type, for code that already knows the type. */
export const INPUT_EVENT_SCHEMAS = {
  purchase: PurchaseEventSchema,
  complaint: ComplaintEventSchema,
  'campaign-response': CampaignResponseEventSchema,
  'wallet-estimate': WalletEstimateEventSchema,
} as const satisfies Record<InputEventType, z.ZodType<InputEvent>>;

/** The one topic each input type is published on. */
export const TOPIC_BY_INPUT_TYPE = {
  purchase: TOPICS.purchases,
  complaint: TOPICS.complaints,
  'campaign-response': TOPICS.campaignResponses,
  'wallet-estimate': TOPICS.walletEstimates,
} as const satisfies Record<InputEventType, TopicName>;

const INPUT_ROLES = ['purchases', 'complaints', 'campaignResponses', 'walletEstimates'] as const;

/** The names of the input topics; tests may substitute fresh names for the ones in TOPICS. */
export type InputTopics = Pick<TopicNames, (typeof INPUT_ROLES)[number]>;

/** Every input topic's name, so that a reader or a progress check cannot leave one out. */
export function inputTopicNames(topics: InputTopics = TOPICS): string[] {
  return INPUT_ROLES.map((role) => topics[role]);
}

/** The input type a topic carries, or undefined when the topic is not an input topic. */
export function inputTypeOfTopic(topic: string, topics: InputTopics = TOPICS): InputEventType | undefined {
  if (topic === topics.purchases) return 'purchase';
  if (topic === topics.complaints) return 'complaint';
  if (topic === topics.campaignResponses) return 'campaign-response';
  if (topic === topics.walletEstimates) return 'wallet-estimate';
  return undefined;
}
