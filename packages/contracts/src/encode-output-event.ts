import type { ZodError, z } from 'zod';
import { type CustomerStateEvent, CustomerStateEventSchema } from './customer-state.js';
import { describeIssues } from './issues.js';
import { type OutputEvent, OutputEventSchema } from './output-events.js';

/**
 * An output event that fails its own schema. A TypeError, so never retried: waiting cannot
 * make the event valid. The aggregator skips the customer it was computed for, so that one
 * customer's data cannot stop the shard.
 */
export class InvalidOutputEventError extends TypeError {
  override readonly name = 'InvalidOutputEventError';
}

/** The InvalidOutputEventError of an event, naming its type and the failing paths. */
export function invalidOutputEvent(
  event: { readonly type: string },
  error: ZodError,
): InvalidOutputEventError {
  return new InvalidOutputEventError(
    `invalid ${String(event.type)} output event: ${describeIssues(error.issues)}`,
    { cause: error },
  );
}

/**
 * Validates an output event and encodes it as UTF-8 JSON for Kafka; an invalid event throws
 * InvalidOutputEventError.
 */
export function encodeOutputEvent(event: OutputEvent): Buffer {
  return encodeJson(OutputEventSchema, event);
}

/**
 * Validates a customer-state event and encodes it as UTF-8 JSON for the current-state topic; an
 * invalid event throws InvalidOutputEventError.
 */
export function encodeCustomerState(event: CustomerStateEvent): Buffer {
  return encodeJson(CustomerStateEventSchema, event);
}

function encodeJson<E extends { readonly type: string }>(schema: z.ZodType<E>, event: E): Buffer {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw invalidOutputEvent(event, parsed.error);
  return Buffer.from(JSON.stringify(parsed.data), 'utf8');
}
