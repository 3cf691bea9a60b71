// Effectively once, proven against an independent reference: the same generated year of
// shop traffic, delivered cleanly, with duplicates, shuffled within the allowed lateness,
// with the aggregator killed (SIGKILL) and restarted, and with Redis restarted mid-run,
// must leave the same customer state and the same set of emitted event ids.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TOPICS, type TopicNames } from '@loyalty/contracts';
import { DEFAULT_RULES } from '@loyalty/core';
import { generateTraffic } from '@loyalty/simulator';
import { waitFor } from '@loyalty/testkit';
import { type PrivateService, startPrivateService } from '@loyalty/testkit/private-service';
import { connectRedis, readAllMessages } from '@loyalty/testkit/servers';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregator } from '../src/aggregator.js';
import { createHarness, type Harness } from './harness.js';
import { type LogMessage, type Reference, referenceOutcome } from './reference.js';

const CUSTOMERS = Number(process.env.AGGREGATOR_TEST_CUSTOMERS ?? 600);
const LATENESS_MS = 6 * 3_600_000;
const PARSER = { baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000 };
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A deterministic PRNG for the test's own choices (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Timed extends LogMessage {
  readonly at: number;
}

const generated: Timed[] = [];
for (const message of generateTraffic({
  seed: 7,
  customers: CUSTOMERS,
  start: '2025-01-01',
  durationDays: 365,
  malformedShare: 0.01,
  duplicateShare: 0,
})) {
  generated.push({ topic: message.topic, key: message.key, value: message.value, at: message.occurredAtMs });
}
const END = Math.max(...generated.map((m) => m.at)) + 1;
const reference: Reference = referenceOutcome(generated, DEFAULT_RULES, END, {
  ...PARSER,
  nowMs: Date.now(),
});

function toTopic(topics: TopicNames, production: string): string {
  const role = (Object.keys(TOPICS) as Array<keyof typeof TOPICS>).find((r) => TOPICS[r] === production);
  if (role === undefined) throw new Error(`generator wrote to an unknown topic ${production}`);
  return topics[role];
}

async function produceLog(h: Harness, log: readonly Timed[]): Promise<void> {
  // One topic at a time would reorder across topics; keep arrival order by sending in slices.
  for (let i = 0; i < log.length; i += 2_000) {
    const byTopic = new Map<string, Array<{ key: string; value: Buffer }>>();
    for (const m of log.slice(i, i + 2_000)) {
      const topic = toTopic(h.topics, m.topic);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: m.key, value: m.value }]);
    }
    for (const [topic, messages] of byTopic) await h.produce(topic, messages);
  }
}

/** How many input messages the group has committed, and how many the topics hold. */
async function groupProgress(
  kafka: Kafka,
  groupId: string,
  topics: TopicNames,
): Promise<{ committed: number; total: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const inputs = [topics.purchases, topics.complaints, topics.campaignResponses];
    const offsets = await admin.fetchOffsets({ groupId, topics: inputs });
    let committed = 0;
    let total = 0;
    for (const topic of inputs) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const at =
          offsets.find((c) => c.topic === topic)?.partitions.find((p) => p.partition === end.partition)
            ?.offset ?? '-1';
        committed += (at === '-1' ? Number(end.low) : Number(at)) - Number(end.low);
        total += Number(end.high) - Number(end.low);
      }
    }
    return { committed, total };
  } finally {
    await admin.disconnect();
  }
}

async function groupCaughtUp(kafka: Kafka, groupId: string, topics: TopicNames): Promise<boolean> {
  const { committed, total } = await groupProgress(kafka, groupId, topics);
  return committed >= total;
}

/** Advances every shard to END and collects the emitted ids and the stored values. */
async function outcome(
  h: Harness,
  aggregator: Aggregator,
): Promise<{ eventIds: Set<string>; emitted: number; values: Map<string, unknown> }> {
  await aggregator.advanceWatermarks(END, [0, 1, 2]);
  const outputs = (
    await Promise.all(
      [h.topics.tierChanges, h.topics.stageChanges, h.topics.churnRisk].map((t) =>
        readAllMessages(h.kafka, t),
      ),
    )
  ).flat();
  const eventIds = new Set(outputs.map((m) => (JSON.parse(String(m.value)) as { eventId: string }).eventId));
  const customers = [...reference.values.keys()];
  const states = await h.store.loadCustomers(customers);
  const values = new Map(customers.map((id) => [id, states.get(id)?.evaluation?.values]));
  return { eventIds, emitted: outputs.length, values };
}

// A customer is evaluated when due, so its stored values hold as of its last change
// candidate: every value that moves only at candidates must equal the reference at the
// end; P(alive) and the score drift continuously in between and are compared at the
// transitions instead (their events carry them).
function stepValues(values: Map<string, unknown>): Map<string, unknown> {
  return new Map(
    [...values].map(([id, v]) => {
      const { pAlive: _p, churnScore: _s, ...rest } = (v ?? {}) as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function expectReference(result: { eventIds: Set<string>; values: Map<string, unknown> }): void {
  expect(stepValues(result.values)).toEqual(stepValues(reference.values));
  const missing = [...reference.eventIds].filter((id) => !result.eventIds.has(id));
  const extra = [...result.eventIds].filter((id) => !reference.eventIds.has(id));
  expect({ missing: missing.length, extra: extra.length }).toEqual({ missing: 0, extra: 0 });
}

async function runInProcess(
  h: Harness,
  log: readonly Timed[],
  during?: (aggregator: Aggregator) => Promise<void>,
) {
  await produceLog(h, log);
  const aggregator = h.aggregator({ latenessMs: LATENESS_MS });
  const started = Date.now();
  await aggregator.start();
  await during?.(aggregator);
  await waitFor(
    'the group to consume every input',
    async () => ((await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined),
    {
      timeoutMs: 120_000,
      intervalMs: 250,
    },
  );
  const seconds = (Date.now() - started) / 1_000;
  console.info(
    `[effectively-once] ${log.length} messages in ${seconds.toFixed(1)} s: ${Math.round(log.length / seconds)} events/s`,
  );
  return outcome(h, aggregator);
}

describe(`aggregator effectively once (${CUSTOMERS} customers, one simulated year)`, () => {
  it('has a meaningful reference', () => {
    expect(reference.rejected).toBeGreaterThan(0);
    expect(reference.eventIds.size).toBeGreaterThan(CUSTOMERS);
    const tiers = new Set([...reference.values.values()].map((v) => v.tier));
    expect(tiers).toEqual(new Set(['lead', 'iron', 'gold', 'platinum', null]));
  });

  it('a clean run equals the reference', { timeout: 180_000 }, async () => {
    const h = await createHarness();
    try {
      expectReference(await runInProcess(h, generated));
    } finally {
      await h.cleanup();
    }
  });

  it('20% duplicated events change nothing', { timeout: 180_000 }, async () => {
    const random = prng(11);
    const log: Timed[] = [];
    for (const m of generated) {
      log.push(m);
      if (random() < 0.2) log.push(m);
    }
    const h = await createHarness();
    try {
      expectReference(await runInProcess(h, log));
    } finally {
      await h.cleanup();
    }
  });

  it('arrival shuffled within the allowed lateness changes nothing', { timeout: 180_000 }, async () => {
    const random = prng(13);
    // Sorting by at + U(0, lateness) delays each event by less than the lateness: an event
    // arrives before any other whose event time is more than the lateness later.
    const log = generated
      .map((m) => ({ m, key: m.at + random() * (LATENESS_MS - 1) }))
      .sort((a, b) => a.key - b.key)
      .map(({ m }) => m);
    const h = await createHarness();
    try {
      expectReference(await runInProcess(h, log));
    } finally {
      await h.cleanup();
    }
  });

  describe('with faults', () => {
    let redisServer: PrivateService;
    beforeAll(async () => {
      redisServer = await startPrivateService('redis');
    }, 120_000);
    afterAll(async () => {
      await redisServer.destroy();
    });

    it('a Redis restart mid-run changes nothing', { timeout: 180_000 }, async () => {
      const redis = await connectRedis(redisServer.address);
      const h = await createHarness(redis);
      try {
        const result = await runInProcess(h, generated, async (aggregator) => {
          await waitFor(
            'some progress',
            () => (aggregator.counts.consumed > generated.length / 4 ? true : undefined),
            { timeoutMs: 60_000, intervalMs: 20 },
          );
          await redisServer.stop();
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await redisServer.start();
        });
        expectReference(result);
      } finally {
        await h.cleanup();
        redis.disconnect();
      }
    });

    it('SIGKILL of the aggregator at random moments, then restarts, changes nothing', {
      timeout: 300_000,
    }, async () => {
      const redis = await connectRedis(redisServer.address);
      const h = await createHarness(redis);
      const random = prng(17);
      const spawnAggregator = (fetchBytes: number) => {
        // node itself with tsx's loader: one process, so SIGKILL kills the aggregator and not a wrapper.
        const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
          cwd: REPO,
          env: {
            ...process.env,
            ...redisServer.env,
            REDIS_KEY_PREFIX: h.prefix,
            AGGREGATOR_GROUP_ID: h.groupId,
            AGGREGATOR_MODE: 'replay',
            AGGREGATOR_LATENESS_MS: String(LATENESS_MS),
            LOYALTY_TOPIC_NAMESPACE: h.namespace,
            LOG_LEVEL: 'info',
            AGGREGATOR_HTTP_PORT: '0',
            AGGREGATOR_FETCH_BYTES: String(fetchBytes),
            // A killed member is noticed after the session timeout; the broker's minimum keeps restarts quick.
            AGGREGATOR_SESSION_TIMEOUT_MS: '6000',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const started = new Promise<void>((resolve, reject) => {
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('"aggregator started"')) resolve();
          });
          void exited.then((code) =>
            reject(new Error(`the aggregator exited with code ${code} before it started`)),
          );
        });
        return { child, exited, started };
      };
      try {
        await produceLog(h, generated);
        let killedMidRun = 0;
        for (let kill = 0; kill < 3; kill++) {
          // Small batches stretch the run, and the kill comes at a random share of what is left.
          const { child, exited, started } = spawnAggregator(1_024);
          await started;
          const before = await groupProgress(h.kafka, h.groupId, h.topics);
          const target = before.committed + (before.total - before.committed) * (0.1 + 0.6 * random());
          await waitFor(
            'progress before the kill',
            async () =>
              (await groupProgress(h.kafka, h.groupId, h.topics)).committed >= target ? true : undefined,
            {
              timeoutMs: 60_000,
              intervalMs: 20,
            },
          );
          child.kill('SIGKILL');
          await exited;
          const { committed, total } = await groupProgress(h.kafka, h.groupId, h.topics);
          if (committed < total) killedMidRun++;
        }
        expect(killedMidRun, 'kills that interrupted the consumption').toBeGreaterThan(0);
        const { child, exited, started } = spawnAggregator(1_048_576);
        await started;
        await waitFor(
          'the group to consume every input',
          async () => {
            if (child.exitCode !== null)
              throw new Error(`the aggregator exited early with code ${child.exitCode}`);
            return (await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined;
          },
          {
            timeoutMs: 120_000,
            intervalMs: 250,
          },
        );
        child.kill('SIGTERM');
        expect(await exited, 'a clean exit on SIGTERM').toBe(0);
        // Only the final advance to the end runs in-process; it needs no partitions.
        const finisher = h.aggregator({ latenessMs: LATENESS_MS });
        await finisher.connect();
        expectReference(await outcome(h, finisher));
      } finally {
        await h.cleanup();
        redis.disconnect();
      }
    });
  });
});
