// Avro and JSON side by side through the real registry and broker: the simulated year, about
// half of its events re-encoded as Avro (Confluent wire format), must leave the same customer
// state and emit the same event ids as the independent reference of the all-JSON year, with
// the outputs produced as Avro.
import {
  avroType,
  frame,
  isFramed,
  type RegisteredSchema,
  type Registry,
  registerEventSchemas,
  registryConnection,
} from '@loyalty/avro';
import { INPUT_EVENT_SCHEMAS, type InputEventType, inputTypeOfTopic, TOPICS } from '@loyalty/contracts';
import { waitFor } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { readAllMessages } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import {
  expectReference,
  generated,
  groupCaughtUp,
  LATENESS_MS,
  outcome,
  prng,
  produceLog,
  reference,
  type Timed,
} from './scenario.js';

// The harness's parser limit (LOYALTY_MAX_MESSAGE_BYTES).
const MAX_MESSAGE_BYTES = 65_536;

let h: Harness;
let registry: Registry;
let registryUrl: string;
let registered: RegisteredSchema[] = [];

beforeAll(async () => {
  registryUrl = await sharedRegistryUrl();
  registry = registryConnection(registryUrl);
  h = await createHarness();
  registered = await registerEventSchemas(registry, 'BACKWARD', h.topics);
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await h?.cleanup();
  await deleteSubjects(
    registryUrl,
    registered.map((r) => r.subject),
  );
});

/**
 * The Avro copy of a generated message whose JSON fits its contract; others stay as they are,
 * and so do messages over the size limit: the limit is on bytes on the wire, and the compact
 * Avro copy of a too-large JSON event would fit under it.
 */
function asAvro(message: Timed): Timed | undefined {
  const type = inputTypeOfTopic(message.topic, TOPICS) as InputEventType | undefined;
  if (type === undefined || message.value.length > MAX_MESSAGE_BYTES) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!INPUT_EVENT_SCHEMAS[type].safeParse(json).success) return undefined;
  const id = registered.find((r) => r.type === type)?.id;
  if (id === undefined) throw new Error(`no schema registered for ${type}`);
  // A contract-valid event that Avro cannot carry is a defect of schemas/avro: let it throw.
  return { ...message, value: frame(id, avroType(type).toBuffer(json)) };
}

describe('Avro and JSON input side by side, Avro output', () => {
  it('leave the reference state and event ids', { timeout: 240_000 }, async () => {
    const random = prng(29);
    let avroCount = 0;
    const log = generated.map((message) => {
      const avro = random() < 0.5 ? asAvro(message) : undefined;
      if (avro === undefined) return message;
      avroCount++;
      return avro;
    });
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
        [h.topics.tierChanges, h.topics.stageChanges, h.topics.churnRisk].map((t) =>
          readAllMessages(h.kafka, t),
        ),
      )
    ).flat();
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.every((m) => m.value !== null && isFramed(m.value))).toBe(true);
    const deadLetters = await readAllMessages(h.kafka, h.topics.deadLetters);
    expect(deadLetters).toHaveLength(reference.rejected);
  });
});
