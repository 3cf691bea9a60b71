import {
  type CustomerStateEvent,
  CustomerStateEventSchema,
  describeIssues,
  OUTPUT_EVENT_SCHEMAS,
  type OutputEvent,
  type OutputEventType,
} from '@loyalty/contracts';
import type { z } from 'zod';

/** A message that does not decode, and why. */
export type Invalid = { readonly kind: 'invalid'; readonly reason: string };

/** A record of the state topic, decoded; never an exception. */
export type DecodedState =
  | { readonly kind: 'state'; readonly record: CustomerStateEvent }
  | { readonly kind: 'tombstone'; readonly customerId: string }
  | Invalid;

/** A message of a change topic, decoded; never an exception. */
export type DecodedChange = { readonly kind: 'change'; readonly event: OutputEvent } | Invalid;

/** A record of the state topic: a customer-state event, or a tombstone (null value) of the key's customer. */
export function decodeState(key: Buffer | null, value: Buffer | null): DecodedState {
  if (value === null || value.length === 0) {
    return key === null
      ? invalid('a tombstone without a key')
      : { kind: 'tombstone', customerId: key.toString() };
  }
  const parsed = parseJson(CustomerStateEventSchema, value);
  return parsed.ok ? { kind: 'state', record: parsed.value } : invalid(parsed.reason);
}

/** A change event of `type`, the one type its topic carries. */
export function decodeChange(type: OutputEventType, value: Buffer | null): DecodedChange {
  if (value === null) return invalid('no value');
  const parsed = parseJson<OutputEvent>(OUTPUT_EVENT_SCHEMAS[type], value);
  return parsed.ok ? { kind: 'change', event: parsed.value } : invalid(parsed.reason);
}

function invalid(reason: string): Invalid {
  return { kind: 'invalid', reason };
}

// The Confluent wire format starts with the magic byte 0, which no JSON text does.
const AVRO_MAGIC_BYTE = 0;

function parseJson<T>(
  schema: z.ZodType<T>,
  value: Buffer,
): { ok: true; value: T } | { ok: false; reason: string } {
  if (value[0] === AVRO_MAGIC_BYTE) {
    return { ok: false, reason: 'an Avro message: this example reads LOYALTY_OUTPUT_FORMAT=json' };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: describeIssues(parsed.error.issues) };
}
