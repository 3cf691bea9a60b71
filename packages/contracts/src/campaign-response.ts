import { z } from 'zod';
import { inputEnvelopeShape } from './envelope.js';
import { IdSchema, MinorAmountSchema } from './fields.js';
import { inputMessageLimits } from './input-limits.js';
import { TOPICS } from './topics.js';

export const CAMPAIGN_CHANNELS = ['email', 'sms', 'push', 'mail', 'in_store'] as const;
export { CAMPAIGN_RESPONSES } from '@loyalty/core';

const campaignResponseShape = {
  type: z.literal('campaign-response'),
  ...inputEnvelopeShape,
  campaignId: IdSchema,
  channel: z.enum(CAMPAIGN_CHANNELS),
  offerId: IdSchema.optional(),
  controlGroup: z
    .boolean()
    .optional()
    .describe(
      "Set on the responses of a campaign run as an experiment: true when the customer is in the campaign's control group and got its control version (without the offer), false when the customer got the treatment. Absent when the campaign has no control group. Each customer's first response to the campaign is the moment of assignment.",
    ),
};

const onlyOnConverted = z.never({ error: 'only allowed when response is converted' }).optional();
const onlyOnReferred = z.never({ error: 'only allowed when response is referred' }).optional();

const ConvertedResponseSchema = z.object({
  ...campaignResponseShape,
  response: z.literal('converted'),
  revenueMinor: MinorAmountSchema.optional().describe(
    'Revenue attributed to the conversion, in minor units of the base currency.',
  ),
  referredCustomerId: onlyOnReferred,
});

const ReferredResponseSchema = z.object({
  ...campaignResponseShape,
  response: z.literal('referred'),
  revenueMinor: onlyOnConverted,
  referredCustomerId: IdSchema.describe('The opaque customerId of the person referred.'),
});

const OtherResponseSchema = z.object({
  ...campaignResponseShape,
  response: z.enum(['delivered', 'opened', 'clicked', 'unsubscribed', 'bounced']),
  revenueMinor: onlyOnConverted,
  referredCustomerId: onlyOnReferred,
});

export const CampaignResponseEventSchema = z
  .discriminatedUnion('response', [ConvertedResponseSchema, ReferredResponseSchema, OtherResponseSchema])
  .meta({
    title: 'campaign-response v1',
    description: `A customer's response to a marketing campaign message. ${inputMessageLimits(TOPICS.campaignResponses)}`,
  });
export type CampaignResponseEvent = z.infer<typeof CampaignResponseEventSchema>;
