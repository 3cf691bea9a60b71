/** The Kafka topics of the product, by role. Every topic is keyed by customerId. */
export const TOPICS = {
  purchases: 'loyalty.purchases.v1',
  complaints: 'loyalty.complaints.v1',
  campaignResponses: 'loyalty.campaign-responses.v1',
  walletEstimates: 'loyalty.wallet-estimates.v1',
  tierChanges: 'loyalty.tier-changes.v1',
  stageChanges: 'loyalty.stage-changes.v1',
  churnRisk: 'loyalty.churn-risk.v1',
  walletShareChanges: 'loyalty.wallet-share-changes.v1',
  pyramidLevelChanges: 'loyalty.pyramid-level-changes.v1',
  deadLetters: 'loyalty.dlq.v1',
  erasures: 'loyalty.erasures.v1',
  customerState: 'loyalty.customer-state.v1',
} as const;

export type TopicRole = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicRole];

/** The topics shops and tools publish into. */
export const INPUT_TOPICS = [
  TOPICS.purchases,
  TOPICS.complaints,
  TOPICS.campaignResponses,
  TOPICS.walletEstimates,
] as const;

/** The topics the aggregator publishes for marketing automation. */
export const OUTPUT_TOPICS = [
  TOPICS.tierChanges,
  TOPICS.stageChanges,
  TOPICS.churnRisk,
  TOPICS.walletShareChanges,
  TOPICS.pyramidLevelChanges,
] as const;

export const ALL_TOPICS: readonly TopicName[] = Object.values(TOPICS);

export type TopicNames = { readonly [R in TopicRole]: string };

/** A topic config entry, as kafkajs' createTopics and `kafka-topics.sh --config name=value` take it. */
export interface TopicConfigEntry {
  readonly name: string;
  readonly value: string;
}

/**
 * The configs each topic is created with beyond the broker's defaults. Every creator of the
 * product's topics (the stack, docker compose, demo, bench, test harnesses) applies these, so
 * that no copy of a topic behaves differently; a new role must decide here.
 */
export const TOPIC_CONFIGS: { readonly [R in TopicRole]: Readonly<Record<string, string>> } = {
  purchases: {},
  complaints: {},
  campaignResponses: {},
  walletEstimates: {},
  tierChanges: {},
  stageChanges: {},
  churnRisk: {},
  walletShareChanges: {},
  pyramidLevelChanges: {},
  deadLetters: {},
  erasures: {},
  // A table, not a stream (Kafka Streams' KTable): compaction keeps the newest record of each
  // customerId, and a null value (the erasure's tombstone) removes the customer.
  customerState: { 'cleanup.policy': 'compact' },
};

/** The config entries a topic of `role` is created with. */
export function topicConfigEntries(role: TopicRole): TopicConfigEntry[] {
  return Object.entries(TOPIC_CONFIGS[role]).map(([name, value]) => ({ name, value }));
}

/** A topic to create: its name and the config entries of its role. */
export interface TopicSpec {
  readonly topic: string;
  readonly configEntries: TopicConfigEntry[];
}

/** Every topic of `topics` with the config entries of its role, for an admin client's createTopics. */
export function topicSpecs(topics: TopicNames): TopicSpec[] {
  return (Object.keys(topics) as TopicRole[]).map((role) => ({
    topic: topics[role],
    configEntries: topicConfigEntries(role),
  }));
}

/**
 * The roles of the topics whose every record is history, stored whole by the history sink: all
 * but the current-state topic, which only folds the change topics and which compaction thins.
 */
export const HISTORY_ROLES: readonly TopicRole[] = (Object.keys(TOPICS) as TopicRole[]).filter(
  (role) => role !== 'customerState',
);

/** The names of the history topics (HISTORY_ROLES) among `topics`. */
export function historyTopics(topics: TopicNames): string[] {
  return HISTORY_ROLES.map((role) => topics[role]);
}

/**
 * The product's topics under a namespace prefix ("" gives TOPICS). Tests and benchmarks
 * run against fresh topics this way, with the same code paths as production.
 */
export function namespacedTopics(namespace: string): TopicNames {
  const names = {} as Record<TopicRole, string>;
  for (const role of Object.keys(TOPICS) as TopicRole[]) names[role] = `${namespace}${TOPICS[role]}`;
  return names;
}
