import { COMPLAINT_SEVERITIES } from '@loyalty/core';
import { z } from 'zod';
import { inputEnvelopeShape } from './envelope.js';
import { IdSchema } from './fields.js';
import { inputMessageLimits } from './input-limits.js';
import { TOPICS } from './topics.js';

export { COMPLAINT_SEVERITIES, COMPLAINT_STATUSES } from '@loyalty/core';

/** The SERVQUAL dimensions of service quality (Parasuraman, Zeithaml & Berry, 1988). */
export const COMPLAINT_DIMENSIONS = [
  'reliability',
  'assurance',
  'tangibles',
  'empathy',
  'responsiveness',
] as const;

const complaintShape = {
  type: z.literal('complaint'),
  ...inputEnvelopeShape,
  complaintId: IdSchema,
  dimension: z.enum(COMPLAINT_DIMENSIONS),
  severity: z.enum(COMPLAINT_SEVERITIES),
  orderId: IdSchema.optional(),
};

const ResolvedComplaintSchema = z.object({
  ...complaintShape,
  status: z.literal('resolved'),
  satisfaction: z.int().min(1).max(5).describe('Customer satisfaction with the resolution, 1 (worst) to 5.'),
});

const UnresolvedComplaintSchema = z.object({
  ...complaintShape,
  status: z.enum(['opened', 'escalated', 'reopened']),
  satisfaction: z.never({ error: 'only allowed when status is resolved' }).optional(),
});

export const ComplaintEventSchema = z
  .discriminatedUnion('status', [ResolvedComplaintSchema, UnresolvedComplaintSchema])
  .meta({
    title: 'complaint v1',
    description: `A step in the life of a customer-service complaint; resolution carries a satisfaction score. ${inputMessageLimits(TOPICS.complaints)}`,
  });
export type ComplaintEvent = z.infer<typeof ComplaintEventSchema>;
