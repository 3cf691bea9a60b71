import { z } from 'zod';

// The consumer groups of the two services that read the input topics. One schema: the services
// join them, and the dashboard reads their lag.
export const consumerGroupsEnv = z.object({
  AGGREGATOR_GROUP_ID: z.string().min(1).default('loyalty-aggregator').describe('a Kafka consumer group id'),
  SINK_GROUP_ID: z.string().min(1).default('loyalty-history').describe('a Kafka consumer group id'),
});
