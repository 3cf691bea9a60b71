import { positiveInt } from '@loyalty/config';
import { z } from 'zod';
import type { ValueEstimateOptions } from './value-estimate.js';

/** The aggregator's variables for the CLV model: how often to look for a new fit, and how to value customers. */
export const modelEnv = z.object({
  AGGREGATOR_MODEL_REFRESH_MS: positiveInt
    .default(30_000)
    .describe('milliseconds between reads of the CLV model key in Redis, a positive integer'),
  AGGREGATOR_CLV_HORIZON_WEEKS: z.coerce
    .number()
    .positive()
    .default(52)
    .describe('the weeks of future purchases the CLV counts, a positive number'),
  AGGREGATOR_CLV_ANNUAL_DISCOUNT_RATE: z.coerce
    .number()
    .nonnegative()
    .default(0.1)
    .describe('the annual discount rate of the CLV, e.g. 0.1 for 10 % a year'),
});

export type ModelEnv = z.infer<typeof modelEnv>;

/** The value-estimate options of the parsed variables. */
export function valueEstimateOptions(env: ModelEnv): ValueEstimateOptions {
  return {
    horizonWeeks: env.AGGREGATOR_CLV_HORIZON_WEEKS,
    annualDiscountRate: env.AGGREGATOR_CLV_ANNUAL_DISCOUNT_RATE,
  };
}
