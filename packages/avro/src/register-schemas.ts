import { COMPATIBILITY, SchemaType } from '@kafkajs/confluent-schema-registry';
import { TOPICS, type TopicNames } from '@loyalty/contracts';
import { z } from 'zod';
import { AVRO_EVENT_TYPES, type AvroEventType, avroSchemaText, subjectOf } from './avro-schemas.js';
import type { Registry } from './registry-client.js';
import { IncompatibleSchemaError, SchemaRegistryRequestError } from './registry-errors.js';
import { setSubjectCompatibility } from './registry-http.js';

/** The compatibility levels of the Confluent API (Confluent docs, "Schema Evolution and Compatibility"). */
export const COMPATIBILITY_LEVELS = Object.values(COMPATIBILITY);
export type CompatibilityLevel = `${COMPATIBILITY}`;

/** Whether `name` is a compatibility level. */
export function isCompatibilityLevel(name: string): name is CompatibilityLevel {
  return (COMPATIBILITY_LEVELS as readonly string[]).includes(name);
}

// What the client throws for an HTTP error answer (its ResponseError).
const ResponseErrorSchema = z.object({ status: z.number(), message: z.string() });

/**
 * Registers an Avro schema under a subject and sets the subject's compatibility level first,
 * so the registry checks the schema against the earlier versions at that level. Resolves to
 * the schema's id (the same id again for a schema already registered); a schema the level
 * rules out is an IncompatibleSchemaError.
 */
export async function registerSchema(
  registry: Registry,
  subject: string,
  schemaText: string,
  compatibility: CompatibilityLevel,
): Promise<number> {
  const subjectExists = await setSubjectCompatibility(registry.endpoint, subject, compatibility);
  try {
    const { id } = await registry.client.register(
      { type: SchemaType.AVRO, schema: schemaText },
      // A new subject gets its level from the client right after the first version.
      { subject, compatibility: COMPATIBILITY[compatibility], updateConfig: !subjectExists },
    );
    return id;
  } catch (error) {
    const answer = ResponseErrorSchema.safeParse(error);
    if (answer.success && answer.data.status === 409) {
      throw new IncompatibleSchemaError(`${subject}: ${answer.data.message}`, subject);
    }
    if (answer.success)
      throw new SchemaRegistryRequestError(`${subject}: ${answer.data.message}`, answer.data.status);
    throw error;
  }
}

/** One event type's schema as registered. */
export interface RegisteredSchema {
  readonly type: AvroEventType;
  readonly subject: string;
  readonly id: number;
}

/**
 * Registers the published Avro schema (schemas/avro) of every input and output event under
 * its topic's value subject, at one compatibility level. Safe to repeat.
 */
export async function registerEventSchemas(
  registry: Registry,
  compatibility: CompatibilityLevel,
  topics: TopicNames = TOPICS,
): Promise<RegisteredSchema[]> {
  const registered: RegisteredSchema[] = [];
  for (const type of AVRO_EVENT_TYPES) {
    const subject = subjectOf(type, topics);
    registered.push({
      type,
      subject,
      id: await registerSchema(registry, subject, avroSchemaText(type), compatibility),
    });
  }
  return registered;
}
