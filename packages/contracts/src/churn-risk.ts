import { CHURN_DRIVERS, CHURN_LEVELS } from '@loyalty/core';
import { z } from 'zod';
import { correctionShape, outputEnvelopeShape } from './output-envelope.js';

export { CHURN_DRIVERS, CHURN_LEVELS, type ChurnDriver, type ChurnLevel } from '@loyalty/core';
export const ChurnLevelSchema = z.enum(CHURN_LEVELS);
export const ChurnDriverSchema = z.enum(CHURN_DRIVERS);

/** The decimal places of score and pAlive: more would be noise of the model, not information. */
export const SCORE_DECIMALS = 4;

/** A probability rounded to SCORE_DECIMALS places, as churn-risk events carry it. */
export function roundScore(value: number): number {
  const scale = 10 ** SCORE_DECIMALS;
  return Math.round(value * scale) / scale;
}

const probability = z.number().min(0).max(1);
const ROUNDED = `Rounded to ${SCORE_DECIMALS} decimal places.`;

export const ChurnRiskEventSchema = z
  .object({
    type: z.literal('churn-risk'),
    ...outputEnvelopeShape,
    ...correctionShape,
    previousLevel: ChurnLevelSchema.nullable().describe('null for the first assessment of the customer.'),
    newLevel: ChurnLevelSchema,
    score: probability.describe(
      `Churn risk, 0 (certainly staying) to 1 (certainly gone), 1 - pAlive. ${ROUNDED}`,
    ),
    pAlive: probability.describe(
      `Probability the customer is still active (BG/NBD, Fader, Hardie & Lee 2005). ${ROUNDED}`,
    ),
    drivers: z
      .array(ChurnDriverSchema)
      .describe('The rules behind the level (empty when none holds, as on a return to low).'),
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
