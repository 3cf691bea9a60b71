import { z } from 'zod';
import { IdSchema } from './fields.js';
import { OCCURRED_AT_LIMIT } from './input-limits.js';

/** The version of every event contract here; `as const` keeps it the type 1 inside object literals. */
export const SCHEMA_VERSION = 1 as const;

/**
 * The fields every event carries, to be spread into each event's object schema.
 *
 * Every object schema of this package is a plain (stripping) zod object: unknown fields are
 * accepted so that producers can add fields before consumers know them (forward compatibility),
 * and they are dropped from the parsed value so that nothing unvalidated reaches state or
 * outputs. That dropping is also why hostile keys such as `__proto__` never reach a result.
 */
export const envelopeShape = {
  eventId: IdSchema.describe('Unique id of the event; the idempotency key of every consumer.'),
  customerId: IdSchema.describe('Opaque customer id; the Kafka message key.'),
  occurredAt: z.iso
    .datetime({ offset: true })
    .describe('Event time, ISO 8601 with a UTC offset or Z, e.g. 2026-03-01T10:02:00.000+01:00.'),
  source: z.string().min(1).max(64).describe('Name of the system that produced the event.'),
  schemaVersion: z.literal(SCHEMA_VERSION),
};

/** envelopeShape for input events, whose occurredAt may be only so far in the future. */
export const inputEnvelopeShape = {
  ...envelopeShape,
  occurredAt: envelopeShape.occurredAt.describe(
    `${envelopeShape.occurredAt.description} ${OCCURRED_AT_LIMIT}`,
  ),
};

export const EnvelopeSchema = z.object(envelopeShape);
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** The event time of an event as epoch milliseconds. */
export function occurredAtMillis(event: Pick<Envelope, 'occurredAt'>): number {
  return Date.parse(event.occurredAt);
}
