import type { z } from 'zod';
import { occurredAtMillis } from './envelope.js';
import { INPUT_EVENT_SCHEMAS, INPUT_EVENT_TYPES, type InputEvent, inputTypeOfTopic } from './input-events.js';
import { describeIssues } from './issues.js';
import { jsonNestingExceeds } from './json-depth.js';
import type { ParserOptions } from './parser-options.js';
import { expectedTotalMinor } from './purchase.js';
import type { ParseRejection, ParseRejectionReason } from './rejection.js';
import { illFormedTextPath } from './well-formed-text.js';

/** The deepest nesting of objects and arrays an input message may have; the schemas need 3. */
export const MAX_JSON_DEPTH = 32;

const MAX_QUOTED_CHARS = 64;
const MAX_JSON_ERROR_CHARS = 200;

export type ParseResult = { readonly ok: true; readonly event: InputEvent } | ParseRejection;

// fatal: invalid UTF-8 is an error rather than silently becoming U+FFFD, which would let two
// different byte strings parse to the same ids.
const utf8 = new TextDecoder('utf-8', { fatal: true });

// A Map, so that types such as "constructor" or "__proto__" find nothing inherited.
const schemaByType = new Map<string, z.ZodType<InputEvent>>(Object.entries(INPUT_EVENT_SCHEMAS));

function reject(reason: ParseRejectionReason, message: string): ParseRejection {
  return { ok: false, reason, message };
}

function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text);
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Decodes and validates one input message from a topic; never throws. Prototype pollution is
 * impossible by construction: JSON.parse defines `__proto__` as an own data property instead of
 * setting the prototype, fields are read only as own properties, and the zod schemas build a
 * fresh result from the declared keys alone (no reviver, which would recurse and cost time).
 */
export function parseInputMessage(
  bytes: Buffer | null,
  origin: { readonly topic: string },
  options: ParserOptions,
): ParseResult {
  if (bytes === null || bytes.length === 0) return reject('empty_message', 'message value is null or empty');
  if (bytes.length > options.maxMessageBytes) {
    return reject('too_large', `message is ${bytes.length} bytes; the limit is ${options.maxMessageBytes}`);
  }

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return reject('invalid_json', 'message is not valid UTF-8');
  }
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
    return reject('schema_violation', `(root): objects and arrays nest deeper than ${MAX_JSON_DEPTH} levels`);
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, MAX_JSON_ERROR_CHARS) : 'unparsable';
    return reject('invalid_json', `invalid JSON: ${detail}`);
  }
  return validateInputObject(value, origin, options);
}

/**
 * Validates an already decoded input message (parsed JSON, or a decoded Avro record) the way
 * parseInputMessage does: type against topic, the event's schema, then the checks no schema
 * states (clock skew, base currency, lines total). Never throws.
 */
export function validateInputObject(
  value: unknown,
  origin: { readonly topic: string },
  options: ParserOptions,
): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('schema_violation', `(root): expected a JSON object, received ${describeJsonType(value)}`);
  }

  const type: unknown = Object.hasOwn(value, 'type') ? (value as { type: unknown }).type : undefined;
  if (typeof type !== 'string') {
    return reject(
      'unknown_type',
      type === undefined
        ? 'missing "type" field'
        : `"type" must be a string, received ${describeJsonType(type)}`,
    );
  }
  const schema = schemaByType.get(type);
  if (schema === undefined) {
    return reject(
      'unknown_type',
      `unknown type ${quote(type)}; known types: ${INPUT_EVENT_TYPES.join(', ')}`,
    );
  }
  const topicType = inputTypeOfTopic(origin.topic, options.inputTopics);
  if (topicType !== type) {
    return reject(
      'unknown_type',
      topicType === undefined
        ? `topic ${quote(origin.topic)} is not an input topic`
        : `type "${type}" does not belong on topic ${quote(origin.topic)}, which carries "${topicType}"`,
    );
  }

  const parsed = schema.safeParse(value);
  if (!parsed.success) return reject('schema_violation', describeIssues(parsed.error.issues));
  const event = parsed.data;
  // On the validated event: only the fields that will be stored need to be storable.
  const illFormed = illFormedTextPath(event);
  if (illFormed !== undefined) {
    return reject('invalid_text', `${illFormed}: holds a lone UTF-16 surrogate, which no store can keep`);
  }

  const aheadMs = occurredAtMillis(event) - options.nowMs;
  if (aheadMs > options.maxFutureSkewMs) {
    return reject(
      'future_timestamp',
      `occurredAt ${event.occurredAt} is ${aheadMs} ms ahead of now; at most ${options.maxFutureSkewMs} ms is allowed`,
    );
  }
  if (
    (event.type === 'purchase' || event.type === 'wallet-estimate') &&
    event.currency !== options.baseCurrency
  ) {
    return reject(
      'currency_mismatch',
      `currency ${event.currency} is not the base currency ${options.baseCurrency}`,
    );
  }
  if (event.type === 'purchase') {
    const expected = expectedTotalMinor(event);
    if (BigInt(event.totalMinor) !== expected) {
      return reject(
        'lines_total_mismatch',
        `totalMinor ${event.totalMinor} is not sum(quantity x unitPriceMinor) - discountMinor = ${expected}`,
      );
    }
  }
  return { ok: true, event };
}
