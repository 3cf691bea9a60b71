import { z } from 'zod';
import { envelopeShape } from './envelope.js';

/** The source of every output event. */
export const OUTPUT_SOURCE = 'loyalty-aggregator' as const;

/**
 * The envelope of output events. occurredAt is the exact event time of the change (the sale at
 * 10:02 that lifts the tier, or the end of a grace period), never the time of processing, so a
 * replay produces the same events.
 */
export const outputEnvelopeShape = {
  ...envelopeShape,
  source: z.literal(OUTPUT_SOURCE),
};
