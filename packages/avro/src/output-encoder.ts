import {
  type CustomerErasedEvent,
  type CustomerStateEvent,
  ERASURE_EVENT_SCHEMAS,
  ERASURE_EVENT_TYPES,
  invalidOutputEvent,
  OUTPUT_EVENT_SCHEMAS,
  OUTPUT_EVENT_TYPES,
  type OutputEvent,
  STATE_EVENT_SCHEMAS,
  STATE_EVENT_TYPES,
  TOPICS,
  type TopicNames,
} from '@loyalty/contracts';
import { LoyaltyError } from '@loyalty/runtime';
import type { z } from 'zod';
import { type AvroEventType, avroSchemaText, subjectOf } from './avro-schemas.js';
import type { Registry } from './registry-client.js';
import { SchemaRegistryUnavailableError } from './registry-errors.js';
import { lookUpSchemaId } from './registry-http.js';

/** The events this product publishes: the aggregator's outputs and states, and the erasure notice. */
type PublishedEvent = OutputEvent | CustomerStateEvent | CustomerErasedEvent;

/** Encodes a valid published event as the Confluent wire format with its registered schema. */
export type AvroEncoder<E extends PublishedEvent> = (event: E) => Promise<Buffer>;

/** Encodes a valid event of the aggregator as Avro: a change (tier, stage, churn risk) or a customer's state. */
export type EncodeOutputAvro = AvroEncoder<OutputEvent | CustomerStateEvent>;

const PUBLISHED_SCHEMAS: Record<PublishedEvent['type'], z.ZodType<PublishedEvent>> = {
  ...OUTPUT_EVENT_SCHEMAS,
  ...STATE_EVENT_SCHEMAS,
  ...ERASURE_EVENT_SCHEMAS,
};

async function registeredId(registry: Registry, type: AvroEventType, topics: TopicNames): Promise<number> {
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
 * Looks up the ids under which the schemas of `types` (schemas/avro) are registered (their
 * topics' value subjects; `loyalty schemas register` puts them there) and resolves to their
 * encoder: it validates each event against its contract (InvalidOutputEventError when not)
 * and encodes it with registry.encode and the looked-up id. Rejects with
 * SchemaRegistryUnavailableError (retriable) when the registry does not answer, and with a
 * non-retriable LoyaltyError when a schema is not registered.
 */
async function createAvroEncoder<E extends PublishedEvent>(
  registry: Registry,
  types: readonly E['type'][],
  topics: TopicNames,
): Promise<AvroEncoder<E>> {
  const ids = new Map<PublishedEvent['type'], number>();
  for (const type of types) ids.set(type, await registeredId(registry, type, topics));
  return async (event) => {
    const id = ids.get(event.type);
    if (id === undefined) throw new TypeError(`no Avro schema id for event type ${String(event.type)}`);
    const parsed = PUBLISHED_SCHEMAS[event.type].safeParse(event);
    if (!parsed.success) throw invalidOutputEvent(event, parsed.error);
    return registry.client.encode(id, parsed.data);
  };
}

/**
 * The Avro encoder of what the aggregator publishes: output events and customer states (see
 * createAvroEncoder).
 */
export function createOutputAvroEncoder(
  registry: Registry,
  topics: TopicNames = TOPICS,
): Promise<EncodeOutputAvro> {
  return createAvroEncoder<OutputEvent | CustomerStateEvent>(
    registry,
    [...OUTPUT_EVENT_TYPES, ...STATE_EVENT_TYPES],
    topics,
  );
}

/** The Avro encoder of customer-erased events (see createAvroEncoder). */
export function createErasureAvroEncoder(
  registry: Registry,
  topics: TopicNames = TOPICS,
): Promise<AvroEncoder<CustomerErasedEvent>> {
  return createAvroEncoder<CustomerErasedEvent>(registry, ERASURE_EVENT_TYPES, topics);
}
