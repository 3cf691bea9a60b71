import {
  describeIssues,
  OUTPUT_EVENT_TYPES,
  type OutputEvent,
  OutputEventSchema,
  type OutputEventType,
  TOPICS,
  type TopicNames,
} from '@loyalty/contracts';
import { LoyaltyError } from '@loyalty/runtime';
import { avroSchemaText, subjectOf } from './avro-schemas.js';
import type { Registry } from './registry-client.js';
import { SchemaRegistryUnavailableError } from './registry-errors.js';
import { lookUpSchemaId } from './registry-http.js';

/** Encodes a valid output event as the Confluent wire format with its registered schema. */
export type EncodeOutputAvro = (event: OutputEvent) => Promise<Buffer>;

async function registeredId(registry: Registry, type: OutputEventType, topics: TopicNames): Promise<number> {
  const subject = subjectOf(type, topics);
  const id = await lookUpSchemaId(registry.endpoint, subject, avroSchemaText(type));
  if (id === undefined) {
    throw new LoyaltyError(
      `the ${type} schema of schemas/avro is not registered under ${subject}; run \`loyalty schemas register\``,
    );
  }
  try {
    // Loads the schema into the client's cache now, so that encoding needs no request.
    await registry.client.getSchema(id);
  } catch (error) {
    throw new SchemaRegistryUnavailableError(`schema registry: loading schema id ${id} failed`, error);
  }
  return id;
}

/**
 * Looks up the ids under which the output schemas of schemas/avro are registered (their
 * topics' value subjects; `loyalty schemas register` puts them there) and resolves to the
 * encoder of output events: it validates each event as encodeOutputEvent does (an invalid one
 * is a bug: TypeError) and encodes it with registry.encode and the looked-up id. Rejects with
 * SchemaRegistryUnavailableError (retriable) when the registry does not answer, and with a
 * non-retriable LoyaltyError when a schema is not registered.
 */
export async function createOutputAvroEncoder(
  registry: Registry,
  topics: TopicNames = TOPICS,
): Promise<EncodeOutputAvro> {
  const ids = new Map<OutputEventType, number>();
  for (const type of OUTPUT_EVENT_TYPES) ids.set(type, await registeredId(registry, type, topics));
  return async (event) => {
    const parsed = OutputEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new TypeError(
        `invalid ${String(event.type)} output event: ${describeIssues(parsed.error.issues)}`,
        {
          cause: parsed.error,
        },
      );
    }
    const id = ids.get(parsed.data.type);
    if (id === undefined) throw new TypeError(`no Avro schema id for output type ${parsed.data.type}`);
    return registry.client.encode(id, parsed.data);
  };
}
