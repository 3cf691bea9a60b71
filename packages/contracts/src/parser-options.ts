import { z } from 'zod';
import { CurrencySchema } from './fields.js';

/** The parser settings fixed at start-up, with their defaults. */
export const ParserConfigSchema = z.object({
  baseCurrency: CurrencySchema.default('EUR').describe(
    'The only currency purchases and wallet estimates may be declared in.',
  ),
  maxMessageBytes: z.int().positive().default(65_536),
  maxFutureSkewMs: z
    .int()
    .nonnegative()
    .default(300_000)
    .describe('How far ahead of the wall clock an occurredAt may be (producer clock skew).'),
});
export type ParserConfig = z.infer<typeof ParserConfigSchema>;

/** Everything parseInputMessage needs: the start-up settings and the current wall-clock time. */
export const ParserOptionsSchema = ParserConfigSchema.extend({
  nowMs: z.int().nonnegative(),
  inputTopics: z
    .object({
      purchases: z.string().min(1),
      complaints: z.string().min(1),
      campaignResponses: z.string().min(1),
      walletEstimates: z.string().min(1),
    })
    .optional()
    .describe('Names of the input topics when they differ from TOPICS (integration tests use fresh ones).'),
});
export type ParserOptions = z.infer<typeof ParserOptionsSchema>;
