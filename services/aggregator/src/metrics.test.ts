import { describe, expect, it } from 'vitest';
import { AggregatorMetrics } from './metrics.js';

const MARCH = Date.parse('2026-03-01T00:00:00Z');
const APRIL = Date.parse('2026-04-01T00:00:00Z');

describe('the pyramid epoch gauge', () => {
  it("shows each shard's latest counted and announced epoch, and nothing while they cannot be read", async () => {
    const metrics = new AggregatorMetrics();
    let failing = false;
    const errors: unknown[] = [];
    metrics.watchPyramidEpochs(
      async () => {
        if (failing) throw new Error('redis is down');
        return [
          { counted: APRIL, announced: MARCH, recount: undefined, reconciled: 0 },
          { counted: MARCH, announced: MARCH, recount: undefined, reconciled: 0 },
          { counted: undefined, announced: undefined, recount: undefined, reconciled: 0 },
        ];
      },
      (error) => errors.push(error),
    );
    const samples = async () =>
      (await metrics.registry.getSingleMetric('loyalty_pyramid_epoch_seconds')?.get())?.values.map(
        ({ labels, value }) => [labels.shard, labels.step, value],
      );
    expect(await samples()).toEqual([
      ['0', 'counted', APRIL / 1_000],
      ['0', 'announced', MARCH / 1_000],
      ['1', 'counted', MARCH / 1_000],
      ['1', 'announced', MARCH / 1_000],
    ]);
    failing = true;
    expect(await samples()).toEqual([]);
    expect(errors).toHaveLength(1);
  });
});
