/** The Kafka topics of the product, by role. Every topic is keyed by customerId. */
export const TOPICS = {
  purchases: 'loyalty.purchases.v1',
  complaints: 'loyalty.complaints.v1',
  campaignResponses: 'loyalty.campaign-responses.v1',
  tierChanges: 'loyalty.tier-changes.v1',
  stageChanges: 'loyalty.stage-changes.v1',
  churnRisk: 'loyalty.churn-risk.v1',
  deadLetters: 'loyalty.dlq.v1',
  erasures: 'loyalty.erasures.v1',
} as const;

export type TopicRole = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicRole];

/** The topics shops and tools publish into. */
export const INPUT_TOPICS = [TOPICS.purchases, TOPICS.complaints, TOPICS.campaignResponses] as const;

/** The topics the aggregator publishes for marketing automation. */
export const OUTPUT_TOPICS = [TOPICS.tierChanges, TOPICS.stageChanges, TOPICS.churnRisk] as const;

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);

export type TopicNames = { readonly [R in TopicRole]: string };

/**
 * The product's topics under a namespace prefix ("" gives TOPICS). Tests and benchmarks
 * run against fresh topics this way, with the same code paths as production.
 */
export function namespacedTopics(namespace: string): TopicNames {
  const names = {} as Record<TopicRole, string>;
  for (const role of Object.keys(TOPICS) as TopicRole[]) names[role] = `${namespace}${TOPICS[role]}`;
  return names;
}
