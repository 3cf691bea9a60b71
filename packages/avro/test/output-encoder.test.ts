// Output events as Avro: encoded with the ids registered under the output topics' subjects,
// readable by any Confluent-compatible consumer (here the registry client's own decoder).
import {
  namespacedTopics,
  OUTPUT_EVENT_SCHEMAS,
  type OutputEvent,
  type OutputEventType,
} from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvroDecoder,
  createOutputAvroEncoder,
  type RegisteredSchema,
  type Registry,
  registerEventSchemas,
  registryConnection,
  toContractObject,
  unframe,
} from '../src/index.js';
import { EVENT_CASES } from '../src/test-support/examples.js';

const OUTPUT_CASES = EVENT_CASES.filter(([, type]) => type in OUTPUT_EVENT_SCHEMAS);

let registry: Registry;
const topics = namespacedTopics(`${uniqueName('avro-out')}.`);
let registered: RegisteredSchema[] = [];

beforeAll(async () => {
  registry = registryConnection(await sharedRegistryUrl());
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await deleteSubjects(
    registry.endpoint.baseUrl,
    registered.map((r) => r.subject),
  );
});

describe('createOutputAvroEncoder', () => {
  it('refuses to start while the output schemas are not registered', async () => {
    await expect(createOutputAvroEncoder(registry, topics)).rejects.toThrow(/loyalty schemas register/);
  });

  it('encodes every output event with its registered id, and Confluent consumers read it back', async () => {
    registered = await registerEventSchemas(registry, 'BACKWARD', topics);
    const encode = await createOutputAvroEncoder(registry, topics);
    const encoded = await Promise.all(
      OUTPUT_CASES.map(async ([name, type, json]) => {
        const schema = OUTPUT_EVENT_SCHEMAS[type as OutputEventType];
        const event = schema.parse(json) as OutputEvent;
        return { name, type, schema, event, bytes: await encode(event) };
      }),
    );
    // The history sink's way: a prepared batch's decodeValue, then the output's zod schema.
    const batch = await new AvroDecoder(registry.endpoint).prepare(encoded.map((e) => ({ value: e.bytes })));
    for (const { name, type, schema, event, bytes } of encoded) {
      expect(unframe(bytes)?.schemaId, name).toBe(registered.find((r) => r.type === type)?.id);
      const decoded: unknown = await registry.client.decode(bytes);
      expect(schema.parse(toContractObject(decoded)), name).toEqual(event);
      const value = batch.decodeValue(bytes);
      expect(value.ok && schema.parse(value.value), name).toEqual(event);
    }
  });

  it('treats an invalid output event as a bug', async () => {
    const encode = await createOutputAvroEncoder(registry, topics);
    const [, , json] = OUTPUT_CASES[0] ?? [];
    const invalid = { ...json, newTier: 'diamond' } as unknown as OutputEvent;
    await expect(encode(invalid)).rejects.toBeInstanceOf(TypeError);
  });
});
