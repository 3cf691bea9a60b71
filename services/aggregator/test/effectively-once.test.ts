// Effectively once, proven against an independent reference: the same generated year of
// shop traffic, delivered cleanly, with duplicates, shuffled within the allowed lateness,
// with the aggregator killed (SIGKILL) and restarted, and with Redis restarted mid-run,
// must leave the same customer state and the same set of emitted event ids.
import { waitFor } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import { connectRedis } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregator } from '../src/aggregator.js';
import { createHarness, type Harness } from './harness.js';
import {
  CUSTOMERS,
  expectReference,
  generated,
  groupCaughtUp,
  groupProgress,
  LATENESS_MS,
  outcome,
  prng,
  produceLog,
  reference,
  spawnAggregator,
  type Timed,
} from './scenario.js';

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
    }, PRIVATE_SERVICE_START_TIMEOUT_MS);
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
      try {
        await produceLog(h, generated);
        let killedMidRun = 0;
        for (let kill = 0; kill < 3; kill++) {
          // Small batches stretch the run, and the kill comes at a random share of what is left.
          const { child, exited, started } = spawnAggregator(h, redisServer.env, 1_024);
          await started;
          const before = await groupProgress(h.kafka, h.groupId, h.topics);
          const target = before.committed + (before.total - before.committed) * (0.1 + 0.6 * random());
          await waitFor(
            'progress before the kill',
            async () =>
              (await groupProgress(h.kafka, h.groupId, h.topics)).committed >= target ? true : undefined,
            {
              timeoutMs: 120_000,
              intervalMs: 20,
            },
          );
          child.kill('SIGKILL');
          await exited;
          const { committed, total } = await groupProgress(h.kafka, h.groupId, h.topics);
          if (committed < total) killedMidRun++;
        }
        expect(killedMidRun, 'kills that interrupted the consumption').toBeGreaterThan(0);
        const { child, exited, started } = spawnAggregator(h, redisServer.env);
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
