import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventType, exampleFileName, SCHEMAS_DIRECTORY } from '../json-schemas.js';
import { ParserConfigSchema, type ParserOptions } from '../parser-options.js';

/** A JSON object as a test mutates it. */
export type JsonObject = Record<string, unknown>;

/** A fresh copy of the published example event of a type (schemas/examples). */
export function readExample(type: EventType): JsonObject {
  const text = readFileSync(join(SCHEMAS_DIRECTORY, 'examples', exampleFileName(type)), 'utf8');
  return JSON.parse(text) as JsonObject;
}

/** The example of a type with some fields replaced; a field set to undefined is removed. */
export function exampleWith(type: EventType, changes: JsonObject): JsonObject {
  const event = readExample(type);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete event[key];
    else event[key] = value;
  }
  return event;
}

/** A wall clock after every example's occurredAt. */
export const EXAMPLES_NOW_MS = Date.parse('2026-06-01T00:00:00.000Z');

/** The default parser settings at EXAMPLES_NOW_MS. */
export const TEST_PARSER_OPTIONS: ParserOptions = { ...ParserConfigSchema.parse({}), nowMs: EXAMPLES_NOW_MS };

/** A value as the UTF-8 JSON bytes of a Kafka message. */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
