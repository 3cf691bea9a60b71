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

/**
 * The correction flag of every change event (tier, stage, churn risk). Defaulted, so that events
 * written before it existed still parse (as ordinary changes).
 */
export const correctionShape = {
  correction: z
    .boolean()
    .default(false)
    .describe(
      'true when late input rewrote the history and this event corrects what subscribers were told: ' +
        'the previous value is the one last announced, and occurredAt is since when the corrected value holds.',
    ),
};
