import { STAGE_RULES, STAGES } from '@loyalty/core';
import { z } from 'zod';
import { correctionShape, outputEnvelopeShape } from './output-envelope.js';

export { STAGE_RULES, STAGES, type Stage, type StageRule } from '@loyalty/core';
export const StageSchema = z.enum(STAGES);
export const StageRuleSchema = z
  .enum(STAGE_RULES)
  .describe('The rule that placed the customer on newStage, one per stage.');

export const StageChangedEventSchema = z
  .object({
    type: z.literal('stage-changed'),
    ...outputEnvelopeShape,
    ...correctionShape,
    previousStage: StageSchema.nullable().describe('null when the customer is first placed on the ladder.'),
    newStage: StageSchema,
    reason: StageRuleSchema,
  })
  .refine((event) => event.newStage !== event.previousStage, {
    path: ['newStage'],
    error: 'must differ from previousStage',
  })
  .meta({
    title: 'stage-changed v1',
    description:
      'A customer moved on the loyalty ladder (suspect, prospect, first-time, repeat, client, advocate); ' +
      'newStage always differs from previousStage.',
  });
export type StageChangedEvent = z.infer<typeof StageChangedEventSchema>;
