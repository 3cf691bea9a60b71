import { type Env, type KafkaEnv, kafkaEnv, logLevel, parseEnv, pickEnv, pipelineEnv } from '@loyalty/config';
import { namespacedTopics, type TopicNames } from '@loyalty/contracts';
import { z } from 'zod';

/** Every variable the subscriber reads, with its default and meaning. */
export const subscriberEnv = kafkaEnv
  .extend(pipelineEnv.pick({ LOYALTY_TOPIC_NAMESPACE: true }).shape)
  .extend({
    MARKETING_GROUP_PREFIX: z
      .string()
      .min(1)
      .default('loyalty-marketing')
      .describe('a prefix of consumer group ids (each start takes fresh groups under it)'),
    LOG_LEVEL: logLevel.default('info').describe('one of fatal, error, warn, info, debug, trace, silent'),
  });

/** Everything the example subscriber is configured with. */
export interface SubscriberConfig {
  readonly kafka: KafkaEnv;
  readonly topics: TopicNames;
  readonly groupPrefix: string;
  readonly logLevel: z.infer<typeof logLevel>;
}

/** Reads the subscriber's configuration once at start; a problem is a ConfigError naming the variable. */
export function loadSubscriberConfig(env: Env): SubscriberConfig {
  const e = parseEnv(subscriberEnv, env);
  return {
    kafka: pickEnv(kafkaEnv, e),
    topics: namespacedTopics(e.LOYALTY_TOPIC_NAMESPACE),
    groupPrefix: e.MARKETING_GROUP_PREFIX,
    logLevel: e.LOG_LEVEL,
  };
}
