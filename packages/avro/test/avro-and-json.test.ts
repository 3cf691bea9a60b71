// Avro and JSON copies of the same events, produced side by side through the real broker and
// the real registry, decode to identical events: the aggregator gets the same input either way.
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  INPUT_EVENT_SCHEMAS,
  INPUT_EVENT_TYPES,
  type InputEventType,
  namespacedTopics,
  type TopicNames,
} from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { connectKafka, createTopics, deleteTopics, readAllMessages } from '@loyalty/testkit/servers';
import avro from 'avsc';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvroDecoder,
  avroType,
  frame,
  type RegisteredSchema,
  type Registry,
  registerEventSchemas,
  registryConnection,
} from '../src/index.js';
import {
  asConsumed,
  EVENT_CASES,
  exampleWith,
  type JsonEvent,
  TEST_PARSER_OPTIONS,
} from '../src/test-support/examples.js';

const INPUT_CASES = EVENT_CASES.filter(([, type]) =>
  (INPUT_EVENT_TYPES as readonly string[]).includes(type),
) as [string, InputEventType, JsonEvent][];

let kafka: Kafka;
let registry: Registry;
let topics: TopicNames;
let inputTopics: string[];
let registered: RegisteredSchema[];

const TOPIC_ROLE = {
  purchase: 'purchases',
  complaint: 'complaints',
  'campaign-response': 'campaignResponses',
  'wallet-estimate': 'walletEstimates',
} as const satisfies Record<InputEventType, keyof TopicNames>;

function idOf(type: InputEventType): number {
  const found = registered.find((r) => r.type === type);
  if (found === undefined) throw new Error(`no schema registered for ${type}`);
  return found.id;
}

const options = () => ({ ...TEST_PARSER_OPTIONS, inputTopics: topics });

beforeAll(async () => {
  registry = registryConnection(await sharedRegistryUrl());
  kafka = await connectKafka();
  topics = namespacedTopics(`${uniqueName('avro')}.`);
  inputTopics = [topics.purchases, topics.complaints, topics.campaignResponses, topics.walletEstimates];
  await createTopics(kafka, inputTopics, 1);
  registered = await registerEventSchemas(registry, 'BACKWARD', topics);
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await deleteTopics(kafka, inputTopics).catch(() => undefined);
  await deleteSubjects(registry.endpoint.baseUrl, registered?.map((r) => r.subject) ?? []);
});

describe('Avro and JSON input side by side', () => {
  it('decode to identical events, equal to the zod parse of the JSON', async () => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const [name, type, event] of INPUT_CASES) {
        const key = String(event.customerId);
        const avro = await registry.client.encode(idOf(type), event);
        await producer.send({
          topic: topics[TOPIC_ROLE[type]],
          messages: [
            { key, value: JSON.stringify(event), headers: { case: name, format: 'json' } },
            { key, value: avro, headers: { case: name, format: 'avro' } },
          ],
        });
      }
    } finally {
      await producer.disconnect();
    }

    const decoder = new AvroDecoder(registry.endpoint);
    const seen = new Map<string, unknown>();
    for (const topic of inputTopics) {
      const read = await readAllMessages(kafka, topic);
      const messages = asConsumed(read);
      const batch = await decoder.prepare(messages);
      for (const [i, message] of read.entries()) {
        const result = batch.parseInput(messages[i]?.value ?? null, { topic }, options());
        const label = `${String(message.headers?.case)} as ${String(message.headers?.format)}`;
        expect(result.ok ? 'ok' : `${result.reason}: ${result.message}`, label).toBe('ok');
        if (result.ok) seen.set(label, result.event);
      }
    }
    for (const [name, type, event] of INPUT_CASES) {
      const expected = INPUT_EVENT_SCHEMAS[type].parse(event);
      expect(seen.get(`${name} as avro`), name).toEqual(expected);
      expect(seen.get(`${name} as json`), name).toEqual(expected);
    }
  });

  it('rejects an unknown schema id, undecodable bytes and a wrong topic with their reasons', async () => {
    const purchase = exampleWith('purchase', {});
    const body = avroType('purchase').toBuffer(purchase);
    const cases = [
      { value: frame(2_000_000_000, body), topic: topics.purchases, reason: 'unknown_schema' },
      {
        value: frame(idOf('purchase'), body.subarray(0, 20)),
        topic: topics.purchases,
        reason: 'avro_decode_error',
      },
      { value: Buffer.from([0, 0, 1]), topic: topics.purchases, reason: 'avro_decode_error' },
      { value: frame(idOf('purchase'), body), topic: topics.complaints, reason: 'unknown_type' },
      {
        value: frame(idOf('purchase'), avroType('purchase').toBuffer({ ...purchase, currency: 'USD' })),
        topic: topics.purchases,
        reason: 'currency_mismatch',
      },
      { value: Buffer.from('{"type":'), topic: topics.purchases, reason: 'invalid_json' },
    ];
    // A schema someone registered that decodes fine but to no valid purchase: the contract,
    // not the registry, decides.
    const foreignSubject = `${uniqueName('foreign')}-value`;
    const foreign = avro.Type.forSchema({
      type: 'record',
      name: 'Foreign',
      fields: [
        { name: 'type', type: 'string' },
        { name: 'customerId', type: 'string' },
        { name: 'totalMinor', type: 'double' },
      ],
    });
    const { id: foreignId } = await registry.client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(foreign.schema()) },
      { subject: foreignSubject },
    );
    registered.push({ type: 'purchase', subject: foreignSubject, id: foreignId });
    cases.push({
      value: frame(foreignId, foreign.toBuffer({ type: 'purchase', customerId: 'c-1', totalMinor: 12.5 })),
      topic: topics.purchases,
      reason: 'schema_violation',
    });
    const batch = await new AvroDecoder(registry.endpoint).prepare(cases);
    const reasons = cases.map(({ value, topic }) => {
      const result = batch.parseInput(value, { topic }, options());
      return result.ok ? 'ok' : result.reason;
    });
    expect(reasons).toEqual(cases.map((c) => c.reason));

    // decodeValue (the history sink's way to read outputs) judges the framing alike.
    const verdict = (value: Buffer | null) => {
      const result = batch.decodeValue(value);
      return result.ok ? result.value : result.reason;
    };
    expect(cases.slice(0, 3).map(({ value }) => verdict(value))).toEqual([
      'unknown_schema',
      'avro_decode_error',
      'avro_decode_error',
    ]);
    expect(verdict(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(verdict(Buffer.from([0xff]))).toBe('invalid_json');
    expect(verdict(null)).toBe('empty_message');
  });
});
