import { z } from 'zod';
import { nonNegativeInt, positiveInt } from './fields.js';

// What every service that reads the input topics must agree on: where the topics are and
// what makes an input event acceptable. One schema, so the aggregator and the sink judge
// a message alike.
export const pipelineEnv = z.object({
  LOYALTY_TOPIC_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default('')
    .describe('a topic-name prefix of letters, digits, ".", "_" or "-"'),
  LOYALTY_BASE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR')
    .describe('an ISO 4217 code such as EUR'),
  LOYALTY_MAX_MESSAGE_BYTES: positiveInt.default(65_536).describe('a positive integer (bytes)'),
  LOYALTY_MAX_CLOCK_SKEW_MS: nonNegativeInt
    .default(300_000)
    .describe('a non-negative integer (milliseconds)'),
});

export type PipelineEnv = z.infer<typeof pipelineEnv>;
