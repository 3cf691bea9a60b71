// Late events beyond the allowed lateness: arrival order must not decide what subscribers end
// up believing. Once the input is quiet and the watermark has passed, (a) the stored state
// equals the independent reference, (b) folding each change topic equals the stored state,
// (c) every chain of events is gap-free, and (d) the compacted state topic equals it too.
import { waitFor } from '@loyalty/testkit';
import { describe, expect, it } from 'vitest';
import { expectConverged, readChangelog } from './changelog.js';
import { createHarness, type Harness } from './harness.js';
import {
  END,
  generated,
  groupCaughtUp,
  LATENESS_MS,
  outcome,
  prng,
  produceLog,
  reference,
  referenceAt,
  spawnAggregator,
  type Timed,
} from './scenario.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Messages produced at a time; the aggregator catches up between slices. */
const SLICE = 150;

async function waitForWatermarks(h: Harness, atLeast: number): Promise<void> {
  await waitFor(
    `every shard's watermark at ${new Date(atLeast).toISOString()} or later`,
    async () => {
      for (const shard of [0, 1, 2])
        if (((await h.store.watermark(shard)) ?? -Infinity) < atLeast) return undefined;
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  );
}

async function waitForGroup(h: Harness, exitCode?: () => number | null): Promise<void> {
  await waitFor(
    'the group to consume every input',
    async () => {
      const code = exitCode?.();
      if (code !== undefined && code !== null)
        throw new Error(`the aggregator exited early with code ${code}`);
      return (await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
}

async function expectGuarantee(
  h: Harness,
  stored: { values: Map<string, unknown>; pyramidLevels: Map<string, string> },
  expected = reference,
) {
  expect(stored.values, '(a) the stored state').toEqual(expected.values);
  expect(stored.pyramidLevels, '(a) the pyramid levels announced at the last epoch').toEqual(
    expected.pyramidLevels,
  );
  const changelog = await readChangelog(h);
  expectConverged(changelog, stored.values as Parameters<typeof expectConverged>[1], stored.pyramidLevels);
  return changelog;
}

describe('late events converge', () => {
  it('10% late by hours to days, 5% duplicated, and a kill -9 mid-run: subscribers converge', {
    timeout: 300_000,
  }, async () => {
    const random = prng(23);
    // Arrival order: a late event comes as if it occurred 7 h to 5 days after it did, past
    // the 6 h of allowed lateness; a duplicate comes again up to a day later.
    const arrivals: Array<{ m: Timed; key: number; late: boolean }> = [];
    for (const m of generated) {
      const late = random() < 0.1;
      const key = late ? m.at + LATENESS_MS + HOUR + random() * 5 * DAY : m.at;
      arrivals.push({ m, key, late });
      if (random() < 0.05) arrivals.push({ m, key: key + random() * DAY, late: true });
    }
    arrivals.sort((a, b) => a.key - b.key);
    const h = await createHarness();
    // Quiet partitions let the watermark go soon, so that what comes late is late.
    // Two workers under a supervisor: the kill -9 below ends them all mid-batch.
    const env = {
      AGGREGATOR_IDLE_TIMEOUT_MS: '300',
      AGGREGATOR_TIMER_INTERVAL_MS: '100',
      AGGREGATOR_WORKERS: '2',
    };
    try {
      let service = spawnAggregator(h, env);
      await service.started;
      const slices = Math.ceil(arrivals.length / SLICE);
      const killAfter = Math.floor(slices / 2);
      for (let slice = 0; slice < slices; slice++) {
        const part = arrivals.slice(slice * SLICE, (slice + 1) * SLICE);
        await produceLog(
          h,
          part.map(({ m }) => m),
        );
        if (slice === killAfter) {
          // Mid-consumption of the slice just written.
          service.child.kill('SIGKILL');
          await service.exited;
          service = spawnAggregator(h, env);
          await service.started;
        }
        await waitForGroup(h, () => service.child.exitCode);
        // Wait until every shard's watermark has passed the slice (bar the last two days, in
        // case a shard's newest events were malformed): the next slice's late events are late.
        const onTime = part.filter((a) => !a.late).map((a) => a.m.at);
        if (onTime.length > 0) await waitForWatermarks(h, Math.max(...onTime) - LATENESS_MS - 2 * DAY);
      }
      service.child.kill('SIGTERM');
      expect(await service.exited, 'a clean exit on SIGTERM').toBe(0);
      const finisher = h.aggregator({ latenessMs: LATENESS_MS });
      await finisher.connect();
      const changelog = await expectGuarantee(h, await outcome(h, finisher));
      expect(changelog.corrections, 'corrections emitted').toBeGreaterThan(0);
      console.info(
        `[late-events] ${arrivals.length} messages (${arrivals.length - generated.length} duplicates, ` +
          `${arrivals.filter((a) => a.late).length} late or repeated) in ${slices} slices; ` +
          `${changelog.messages} output messages, ${changelog.corrections} corrections`,
      );
    } finally {
      await h.cleanup();
    }
  });

  for (const mode of ['replay', 'live'] as const) {
    it(`an aggregator (${mode}) started before a producer that writes a year of history`, {
      timeout: 240_000,
    }, async () => {
      const h = await createHarness();
      try {
        // Live, once the history is written and quiet, the wall clock leads: a day ahead of
        // now is then a moment every shard can be brought to.
        const end = mode === 'live' ? Date.now() + DAY : END;
        const aggregator = h.aggregator({
          mode,
          latenessMs: LATENESS_MS,
          idleTimeoutMs: 2_000,
          timerIntervalMs: 200,
        });
        await aggregator.start();
        // Sweeps run on the empty input first, as for a deployment waiting for its producer.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        // The producer writes the history in event-time order, a slice at a time, as a
        // backfill job would, while the aggregator consumes it.
        for (let i = 0; i < generated.length; i += 500) await produceLog(h, generated.slice(i, i + 500));
        await waitForGroup(h);
        const changelog = await expectGuarantee(
          h,
          await outcome(h, aggregator, end),
          mode === 'live' ? referenceAt(end) : reference,
        );
        const late = Object.values(aggregator.counts.late).reduce((sum, n) => sum + n, 0);
        console.info(
          `[late-events] ${mode}: ${late} of ${aggregator.counts.consumed} events late ` +
            `(${((100 * late) / aggregator.counts.consumed).toFixed(1)}%), ${changelog.corrections} corrections`,
        );
      } finally {
        await h.cleanup();
      }
    });
  }
});
