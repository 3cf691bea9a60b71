// The schema registry down while Avro input waits: the aggregator holds its batches (nothing
// applied, dead-lettered or committed), and once the registry is back the run ends with the
// reference state and event ids. A private registry, so that no other test loses it.
import { type RegisteredSchema, registerEventSchemas, registryConnection } from '@loyalty/avro';
import { waitFor } from '@loyalty/testkit';
import {
  type PrivateRegistry,
  REGISTRY_START_TIMEOUT_MS,
  startPrivateRegistry,
} from '@loyalty/testkit/schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import {
  expectReference,
  generated,
  groupCaughtUp,
  groupProgress,
  LATENESS_MS,
  outcome,
  prng,
  produceLog,
  publishedWriters,
  withAvro,
} from './scenario.js';

let h: Harness;
let server: PrivateRegistry;
let registered: RegisteredSchema[] = [];

beforeAll(async () => {
  [server, h] = await Promise.all([startPrivateRegistry(), createHarness()]);
  registered = await registerEventSchemas(registryConnection(server.url), 'BACKWARD', h.topics);
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await h?.cleanup();
  await server?.destroy();
});

describe('aggregator while the schema registry is down', () => {
  it('waits, loses nothing, and ends with the reference', { timeout: 240_000 }, async () => {
    const { log, avroCount } = withAvro(generated, publishedWriters(registered), 0.9, prng(31));
    expect(avroCount / log.length).toBeGreaterThan(0.8);
    await produceLog(h, log);
    await server.stop();

    const aggregator = h.aggregator({ latenessMs: LATENESS_MS, registryUrl: server.url });
    await aggregator.start();
    // Long enough for several retries of every partition's first batch.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(aggregator.counts).toMatchObject({ applied: 0, consumed: 0 });
    expect(aggregator.deadLetters.counts).toEqual({});
    expect((await groupProgress(h.kafka, h.groupId, h.topics)).committed).toBe(0);

    await server.start();
    await waitFor(
      'the group to consume every input',
      async () => ((await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined),
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    expectReference(await outcome(h, aggregator));
  });
});
