// Scale-out: three aggregator processes share the partitions of one consumer group (and,
// with them, the timers of those partitions); when one is killed the others take its
// partitions over, and the final state equals the reference of a single-instance run.
import { waitFor } from '@loyalty/testkit';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import {
  expectReference,
  generated,
  groupCaughtUp,
  LATENESS_MS,
  outcome,
  produceLog,
  spawnAggregator,
} from './scenario.js';

describe('three aggregator instances in one group', () => {
  it('share the partitions and survive the loss of one', { timeout: 180_000 }, async () => {
    const h = await createHarness();
    // One worker each: the test is about separate processes, each one member of the group.
    const instances = [0, 1, 2].map(() => spawnAggregator(h, { AGGREGATOR_WORKERS: '1' }, 1_024));
    try {
      await produceLog(h, generated);
      await Promise.all(instances.map((i) => i.started));
      const victim = instances[1];
      if (victim === undefined) throw new Error('no second instance');
      victim.child.kill('SIGKILL');
      await victim.exited;
      const survivors = [instances[0], instances[2]];
      await waitFor(
        'the survivors to consume every input',
        async () => {
          for (const s of survivors)
            if (s?.child.exitCode !== null) throw new Error(`an instance exited with ${s?.child.exitCode}`);
          return (await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
      for (const s of survivors) s?.child.kill('SIGTERM');
      expect(await Promise.all(survivors.map((s) => s?.exited))).toEqual([0, 0]);
      const finisher = h.aggregator({ latenessMs: LATENESS_MS });
      await finisher.connect();
      expectReference(await outcome(h, finisher));
    } finally {
      for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
      await h.cleanup();
    }
  });
});
