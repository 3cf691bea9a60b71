import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ERASURE_EVENT_SCHEMAS, type ErasureEventType } from './customer-erased.js';
import { STATE_EVENT_SCHEMAS, type StateEventType } from './customer-state.js';
import { SCHEMA_VERSION } from './envelope.js';
import { INPUT_EVENT_SCHEMAS, type InputEventType } from './input-events.js';
import { OUTPUT_EVENT_SCHEMAS, type OutputEventType } from './output-events.js';

export type EventType = InputEventType | OutputEventType | ErasureEventType | StateEventType;

/** The repository's schemas/ folder: json/ holds the generated files, examples/ one event per type. */
export const SCHEMAS_DIRECTORY = fileURLToPath(new URL('../../../schemas/', import.meta.url));

const SCHEMA_BY_TYPE: Record<EventType, z.ZodType> = {
  ...INPUT_EVENT_SCHEMAS,
  ...OUTPUT_EVENT_SCHEMAS,
  ...ERASURE_EVENT_SCHEMAS,
  ...STATE_EVENT_SCHEMAS,
};

/** Every event type with a published schema. */
export const PUBLISHED_EVENT_TYPES = Object.keys(SCHEMA_BY_TYPE) as EventType[];

/** The file name of the JSON Schema of an event type, in schemas/json/. */
export function jsonSchemaFileName(type: EventType): string {
  return `${type}.v${SCHEMA_VERSION}.schema.json`;
}

/** The file name of the example event of a type, in schemas/examples/. */
export function exampleFileName(type: EventType): string {
  return `${type}.v${SCHEMA_VERSION}.example.json`;
}

/**
 * The JSON Schema document of an event type, as the generator writes it. It describes what a
 * producer may send (zod's input side: defaulted fields are optional). Rules that JSON Schema
 * cannot state (totalMinor matching the lines, tier order on upgrades) live only in the parser
 * and the zod refinements, and are mentioned in the descriptions.
 */
export function renderJsonSchema(type: EventType): string {
  const document = z.toJSONSchema(SCHEMA_BY_TYPE[type], { target: 'draft-2020-12', io: 'input' });
  const { $schema, title, description, ...body } = document;
  const published = {
    $schema,
    $id: `urn:loyalty-stream:event:${type}:v${SCHEMA_VERSION}`,
    title,
    description,
    ...body,
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
