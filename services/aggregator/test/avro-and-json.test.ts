// Avro and JSON side by side through the real registry and broker: the simulated year, about
// half of its events re-encoded as Avro (Confluent wire format), some purchases by producers
// already on a backward-compatible v2 schema (a new optional field), must leave the same
// customer state and emit the same event ids as the independent reference of the all-JSON
// year, with the outputs produced as Avro.
import {
  avroSchemaText,
  isFramed,
  type RegisteredSchema,
  type Registry,
  registerEventSchemas,
  registerSchema,
  registryConnection,
  subjectOf,
  unframe,
} from '@loyalty/avro';
import { waitFor } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { readAllMessages } from '@loyalty/testkit/servers';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import {
  type AvroWriter,
  expectReference,
  generated,
  groupCaughtUp,
  LATENESS_MS,
  outcome,
  prng,
  produceLog,
  publishedWriters,
  reference,
  withAvro,
} from './scenario.js';

let h: Harness;
let registry: Registry;
let registryUrl: string;
let registered: RegisteredSchema[] = [];
let purchaseV2: AvroWriter;

/** Version 2 of the purchase schema: a new optional field, which the contracts do not know. */
async function registerPurchaseV2(): Promise<AvroWriter> {
  const schema = JSON.parse(avroSchemaText('purchase')) as { fields: unknown[] };
  schema.fields.push({ name: 'loyaltyCardId', type: ['null', 'string'], default: null });
  const text = JSON.stringify(schema);
  const id = await registerSchema(registry, subjectOf('purchase', h.topics), text, 'BACKWARD');
  const type = avro.Type.forSchema(JSON.parse(text));
  return {
    type: 'purchase',
    id,
    encode: (json) => type.toBuffer({ ...(json as object), loyaltyCardId: 'card-7' }),
  };
}

beforeAll(async () => {
  registryUrl = await sharedRegistryUrl();
  registry = registryConnection(registryUrl);
  h = await createHarness();
  registered = await registerEventSchemas(registry, 'BACKWARD', h.topics);
  purchaseV2 = await registerPurchaseV2();
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await h?.cleanup();
  await deleteSubjects(
    registryUrl,
    registered.map((r) => r.subject),
  );
});

describe('Avro and JSON input side by side, Avro output', () => {
  it('leave the reference state and event ids', { timeout: 240_000 }, async () => {
    const writers = [...publishedWriters(registered), purchaseV2];
    const { log, avroCount } = withAvro(generated, writers, 0.5, prng(29));
    expect(avroCount / log.length).toBeGreaterThan(0.4);

    await produceLog(h, log);
    const aggregator = h.aggregator({ latenessMs: LATENESS_MS, registryUrl, outputFormat: 'avro' });
    await aggregator.start();
    await waitFor(
      'the group to consume every input',
      async () => ((await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined),
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    const result = await outcome(h, aggregator);
    expectReference(result);

    const outputs = (
      await Promise.all(
        [h.topics.tierChanges, h.topics.stageChanges, h.topics.churnRisk, h.topics.walletShareChanges].map(
          (t) => readAllMessages(h.kafka, t),
        ),
      )
    ).flat();
    const byV2 = log.filter((m) => unframe(m.value)?.schemaId === purchaseV2.id);
    expect(byV2.length).toBeGreaterThan(100);
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.every((m) => m.value !== null && isFramed(m.value))).toBe(true);
    const deadLetters = await readAllMessages(h.kafka, h.topics.deadLetters);
    expect(deadLetters).toHaveLength(reference.rejected);
  });
});
