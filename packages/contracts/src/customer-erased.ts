import { createHash } from 'node:crypto';
import { z } from 'zod';
import { envelopeShape, SCHEMA_VERSION } from './envelope.js';

/** The source of every customer-erased event: `loyalty customer erase`. */
export const ERASURE_SOURCE = 'loyalty-erasure' as const;

export const CustomerErasedEventSchema = z
  .object({
    type: z.literal('customer-erased'),
    ...envelopeShape,
    source: z.literal(ERASURE_SOURCE),
    erasedAt: z.iso
      .datetime({ offset: true })
      .describe(
        "The erasure's cut-off: every event of the customer that occurred at or before it is to be forgotten; " +
          'a later event belongs to a new, empty profile.',
      ),
  })
  .meta({
    title: 'customer-erased v1',
    description:
      'A customer was erased (right to be forgotten) from the loyalty pipeline: systems that copied their data ' +
      'erase it too, and drop events of theirs that occurred at or before erasedAt. Keyed by customerId.',
  });
export type CustomerErasedEvent = z.infer<typeof CustomerErasedEventSchema>;

/** The published event types that are neither input nor output of the aggregator. */
export const ERASURE_EVENT_SCHEMAS = { 'customer-erased': CustomerErasedEventSchema } as const;
export type ErasureEventType = keyof typeof ERASURE_EVENT_SCHEMAS;
export const ERASURE_EVENT_TYPES = ['customer-erased'] as const satisfies readonly ErasureEventType[];

/**
 * The id of the erasure of a customer at a moment: the same pair always gives the same id, so a
 * retried publish is a repeat consumers can drop.
 */
export function customerErasedEventId(customerId: string, erasedAtMs: number): string {
  // JSON of an array is unambiguous whatever the id contains; the prefix versions the scheme.
  const canonical = JSON.stringify(['loyalty-erasure-v1', customerId, erasedAtMs]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The customer-erased event of `customerId` erased at `erasedAtMs`; occurredAt is that moment too. */
export function customerErasedEvent(customerId: string, erasedAtMs: number): CustomerErasedEvent {
  const at = new Date(erasedAtMs).toISOString();
  return CustomerErasedEventSchema.parse({
    type: 'customer-erased',
    eventId: customerErasedEventId(customerId, erasedAtMs),
    customerId,
    occurredAt: at,
    source: ERASURE_SOURCE,
    schemaVersion: SCHEMA_VERSION,
    erasedAt: at,
  });
}
