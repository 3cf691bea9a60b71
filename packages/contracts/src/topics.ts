/** The Kafka topics of the product, by role. Every topic is keyed by customerId. */
export const TOPICS = {
  purchases: 'loyalty.purchases.v1',
  complaints: 'loyalty.complaints.v1',
  campaignResponses: 'loyalty.campaign-responses.v1',
  tierChanges: 'loyalty.tier-changes.v1',
  stageChanges: 'loyalty.stage-changes.v1',
  churnRisk: 'loyalty.churn-risk.v1',
  deadLetters: 'loyalty.dlq.v1',
} as const;

export type TopicRole = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicRole];

/** The topics shops and tools publish into. */
export const INPUT_TOPICS = [TOPICS.purchases, TOPICS.complaints, TOPICS.campaignResponses] as const;

/** The topics the aggregator publishes for marketing automation. */
export const OUTPUT_TOPICS = [TOPICS.tierChanges, TOPICS.stageChanges, TOPICS.churnRisk] as const;

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);
