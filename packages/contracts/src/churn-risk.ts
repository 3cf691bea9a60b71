import { CHURN_LEVELS } from '@loyalty/core';
import { z } from 'zod';
import { outputEnvelopeShape } from './output-envelope.js';

export { CHURN_LEVELS, type ChurnLevel } from '@loyalty/core';
export const ChurnLevelSchema = z.enum(CHURN_LEVELS);

const probability = z.number().min(0).max(1);

export const ChurnRiskEventSchema = z
  .object({
    type: z.literal('churn-risk'),
    ...outputEnvelopeShape,
    previousLevel: ChurnLevelSchema.nullable().describe('null for the first assessment of the customer.'),
    newLevel: ChurnLevelSchema,
    score: probability.describe('Churn risk, 0 (certainly staying) to 1 (certainly gone).'),
    pAlive: probability.describe(
      'Probability the customer is still active (BG/NBD, Fader, Hardie & Lee 2005).',
    ),
    drivers: z.array(z.string().min(1).max(64)).describe('Signals behind the level, e.g. open_complaint.'),
    expectedPurchases90d: z.number().nonnegative().optional(),
    clv: z
      .number()
      .optional()
      .describe(
        'Expected customer lifetime value, in base-currency minor units (an estimate, so not whole).',
      ),
  })
  .refine((event) => event.newLevel !== event.previousLevel, {
    path: ['newLevel'],
    error: 'must differ from previousLevel',
  })
  .meta({
    title: 'churn-risk v1',
    description:
      "A customer's churn-risk level changed (newLevel differs from previousLevel); the trigger for win-back flows.",
  });
export type ChurnRiskEvent = z.infer<typeof ChurnRiskEventSchema>;
