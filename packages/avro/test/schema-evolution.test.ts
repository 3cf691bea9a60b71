// Schema evolution against the real registry: a backward-compatible v2 (a new optional field)
// is accepted and events of both versions decode; an incompatible change is refused.
import { namespacedTopics, PurchaseEventSchema } from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { connectKafka, createTopics, deleteTopics, readAllMessages } from '@loyalty/testkit/servers';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvroDecoder,
  avroSchemaText,
  IncompatibleSchemaError,
  type Registry,
  registerSchema,
  registryConnection,
  subjectOf,
} from '../src/index.js';
import { asConsumed, exampleWith, TEST_PARSER_OPTIONS } from '../src/test-support/examples.js';

interface AvroField {
  readonly name: string;
  readonly type: unknown;
  readonly default?: unknown;
}

/** The published purchase schema with fields added, or with one field's type replaced. */
function purchaseSchemaWith(added: readonly AvroField[], retyped: Record<string, unknown> = {}): string {
  const schema = JSON.parse(avroSchemaText('purchase')) as { fields: AvroField[] };
  schema.fields = [
    ...schema.fields.map((f) => (f.name in retyped ? { ...f, type: retyped[f.name] } : f)),
    ...added,
  ];
  return JSON.stringify(schema);
}

const loyaltyCard = { name: 'loyaltyCardId', type: ['null', 'string'], default: null };

let kafka: Kafka;
let registry: Registry;
const topics = namespacedTopics(`${uniqueName('avro-evolution')}.`);
const subject = subjectOf('purchase', topics);

async function versions(): Promise<unknown> {
  const response = await fetch(
    `${registry.endpoint.baseUrl}/subjects/${encodeURIComponent(subject)}/versions`,
  );
  return response.json();
}

beforeAll(async () => {
  registry = registryConnection(await sharedRegistryUrl());
  kafka = await connectKafka();
  await createTopics(kafka, [topics.purchases], 1);
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await deleteTopics(kafka, [topics.purchases]).catch(() => undefined);
  await deleteSubjects(registry.endpoint.baseUrl, [subject]);
});

describe('schema evolution under BACKWARD compatibility', () => {
  it('accepts a new optional field as v2, and decodes v1 and v2 events alike', async () => {
    const v1 = await registerSchema(registry, subject, avroSchemaText('purchase'), 'BACKWARD');
    const v2 = await registerSchema(registry, subject, purchaseSchemaWith([loyaltyCard]), 'BACKWARD');
    expect(v2).not.toBe(v1);
    expect(await versions()).toEqual([1, 2]);

    const old = exampleWith('purchase', { eventId: 'evolution-v1' });
    const newer = exampleWith('purchase', { eventId: 'evolution-v2', loyaltyCardId: 'card-42' });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: topics.purchases,
        messages: [
          { key: String(old.customerId), value: await registry.client.encode(v1, old) },
          { key: String(newer.customerId), value: await registry.client.encode(v2, newer) },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const messages = asConsumed(await readAllMessages(kafka, topics.purchases));
    const batch = await new AvroDecoder(registry.endpoint).prepare(messages);
    const events = messages.map((m) =>
      batch.parseInput(m.value, { topic: topics.purchases }, { ...TEST_PARSER_OPTIONS, inputTopics: topics }),
    );
    // The v1 consumer's contract does not know loyaltyCardId: it drops it, as it does in JSON.
    expect(events).toEqual([
      { ok: true, event: PurchaseEventSchema.parse(old) },
      { ok: true, event: PurchaseEventSchema.parse(newer) },
    ]);
  });

  it('refuses a new required field and a changed field type, and keeps the subject as it was', async () => {
    await registerSchema(registry, subject, avroSchemaText('purchase'), 'BACKWARD');
    const before = await versions();
    const required = purchaseSchemaWith([{ name: 'loyaltyCardId', type: 'string' }]);
    const retyped = purchaseSchemaWith([loyaltyCard], { totalMinor: 'string' });
    for (const schema of [required, retyped]) {
      const refusal = await registerSchema(registry, subject, schema, 'BACKWARD').catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(IncompatibleSchemaError);
    }
    expect(await versions()).toEqual(before);
  });
});
