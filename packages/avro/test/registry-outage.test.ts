// The registry going away for a while, on a private instance so that no other test loses it:
// prepare fails retriably (the aggregator pauses and retries; nothing is dead-lettered), and
// once the registry is back every message decodes; its schemas survived the restart.

import { namespacedTopics, PurchaseEventSchema } from '@loyalty/contracts';
import { isRetriable } from '@loyalty/runtime';
import { uniqueName, waitFor } from '@loyalty/testkit';
import {
  type PrivateRegistry,
  REGISTRY_START_TIMEOUT_MS,
  startPrivateRegistry,
} from '@loyalty/testkit/schema-registry';
import { connectKafka, createTopics, deleteTopics, readAllMessages } from '@loyalty/testkit/servers';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AvroDecoder,
  type Registry,
  registerEventSchemas,
  registryConnection,
  SchemaRegistryUnavailableError,
} from '../src/index.js';
import { asConsumed, exampleWith, TEST_PARSER_OPTIONS } from '../src/test-support/examples.js';

const topics = namespacedTopics(`${uniqueName('avro-outage')}.`);
let kafka: Kafka;
let server: PrivateRegistry;
let registry: Registry;

beforeAll(async () => {
  [server, kafka] = await Promise.all([startPrivateRegistry(), connectKafka()]);
  registry = registryConnection(server.url);
  await createTopics(kafka, [topics.purchases], 1);
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await server?.destroy();
  await deleteTopics(kafka, [topics.purchases]).catch(() => undefined);
});

describe('a registry outage', () => {
  it('makes prepare fail retriably, then every message decodes once the registry is back', async () => {
    const registered = await registerEventSchemas(registry, 'BACKWARD', topics);
    const id = registered.find((r) => r.type === 'purchase')?.id ?? 0;
    const events = Array.from({ length: 20 }, (_, i) => exampleWith('purchase', { eventId: `outage-${i}` }));
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: topics.purchases,
        messages: await Promise.all(
          events.map(async (e) => ({
            key: String(e.customerId),
            value: await registry.client.encode(id, e),
          })),
        ),
      });
    } finally {
      await producer.disconnect();
    }
    const messages = asConsumed(await readAllMessages(kafka, topics.purchases));

    await server.stop();
    const decoder = new AvroDecoder(registry.endpoint);
    const failure = await decoder
      .prepare(messages, { initialDelayMs: 50, maxDelayMs: 100, maxAttempts: 3 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SchemaRegistryUnavailableError);
    expect(isRetriable(failure)).toBe(true);

    // A caller that keeps retrying, as the aggregator's batch handler does, gets through once
    // the registry is back, without having decoded or rejected anything meanwhile.
    let retries = 0;
    const prepared = decoder.prepare(messages, {
      initialDelayMs: 100,
      maxDelayMs: 500,
      maxAttempts: Number.POSITIVE_INFINITY,
      onRetry: () => {
        retries++;
      },
    });
    prepared.catch(() => undefined);
    await waitFor('prepare to retry', () => (retries > 0 ? true : undefined), { timeoutMs: 10_000 });
    await server.start();
    const batch = await prepared;

    const options = { ...TEST_PARSER_OPTIONS, inputTopics: topics };
    const results = messages.map((m) => batch.parseInput(m.value, { topic: topics.purchases }, options));
    expect(results).toEqual(events.map((e) => ({ ok: true, event: PurchaseEventSchema.parse(e) })));
  });
});
