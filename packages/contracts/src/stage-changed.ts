import { STAGES } from '@loyalty/core';
import { z } from 'zod';
import { ReasonSchema } from './fields.js';
import { outputEnvelopeShape } from './output-envelope.js';

export { STAGES, type Stage } from '@loyalty/core';
export const StageSchema = z.enum(STAGES);

export const StageChangedEventSchema = z
  .object({
    type: z.literal('stage-changed'),
    ...outputEnvelopeShape,
    previousStage: StageSchema.nullable().describe('null when the customer is first placed on the ladder.'),
    newStage: StageSchema,
    reason: ReasonSchema,
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
