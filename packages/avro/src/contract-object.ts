import {
  ERASURE_EVENT_SCHEMAS,
  INPUT_EVENT_SCHEMAS,
  OUTPUT_EVENT_SCHEMAS,
  STATE_EVENT_SCHEMAS,
} from '@loyalty/contracts';
import { z } from 'zod';

/** The object schemas a contract is made of: the options of a discriminated union, or itself. */
function objectSchemas(schema: z.core.$ZodType): readonly z.ZodObject[] {
  if (schema instanceof z.ZodDiscriminatedUnion) return schema.options.flatMap((o) => objectSchemas(o));
  if (schema instanceof z.ZodObject) return [schema];
  throw new TypeError('an event contract must be an object or a discriminated union of objects');
}

/** The top-level fields where a contract accepts null, e.g. previousTier on an initial tier. */
function nullableFields(schema: z.ZodType): ReadonlySet<string> {
  const fields = new Set<string>();
  for (const object of objectSchemas(schema)) {
    for (const [name, field] of Object.entries(object.shape)) {
      if (field.safeParse(null).success) fields.add(name);
    }
  }
  return fields;
}

const CONTRACTS: Record<string, z.ZodType> = {
  ...INPUT_EVENT_SCHEMAS,
  ...OUTPUT_EVENT_SCHEMAS,
  ...ERASURE_EVENT_SCHEMAS,
  ...STATE_EVENT_SCHEMAS,
};
const NULLABLE_BY_TYPE = new Map(
  Object.entries(CONTRACTS).map(([type, schema]) => [type, nullableFields(schema)]),
);
const NONE: ReadonlySet<string> = new Set();

/**
 * A decoded Avro record as the plain object a JSON producer sends for the same event. Avro
 * writes an optional field as a union with null, so a null stands for an absent field except
 * where the contract itself allows null; the record's other fields are copied unchanged, and
 * the contract's zod schema then judges the result exactly as it judges JSON.
 */
export function toContractObject(record: unknown): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return record;
  const type: unknown = Object.hasOwn(record, 'type') ? (record as { type: unknown }).type : undefined;
  const nullable = (typeof type === 'string' && NULLABLE_BY_TYPE.get(type)) || NONE;
  const object: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    // An own data property even for "__proto__", as JSON.parse makes it.
    if (value !== null || nullable.has(name)) {
      Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return object;
}
