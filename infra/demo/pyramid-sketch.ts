// The live value pyramid against exact ranks: the aggregator's sketches in Redis, merged, set
// against the 365-day net spend of every customer with a sale in ClickHouse (what
// `loyalty report value-pyramid` ranks by before a CLV model): issue 20's measure of the sketch.
import { type ReportContext, yearSpendValues } from '@loyalty/clickhouse';
import {
  type LevelRankError,
  mergeBucketCounts,
  pyramidCutoffs,
  type Rules,
  sketchAccuracy,
} from '@loyalty/core';
import type { CustomerStore } from '@loyalty/redis-store';

export interface PyramidSketchCheck {
  /** Customers the live sketches count, and the buckets they fill. */
  readonly sketchCustomers: number;
  readonly buckets: number;
  /** Customers with a sale in the history. */
  readonly historyCustomers: number;
  /** Each level's start by exact rank and by the live cut-off, over the history's values. */
  readonly levels: readonly LevelRankError[];
  /** Customers of the history the live cut-offs place in another level than exact ranks do. */
  readonly misplaced: number;
}

export async function checkPyramidSketch(
  store: CustomerStore<unknown>,
  shardCount: number,
  context: ReportContext,
  endMs: number,
  shares: Rules['pyramid'],
): Promise<PyramidSketchCheck> {
  const counts = mergeBucketCounts(await store.pyramidCounts(shardCount));
  const cutoffs = pyramidCutoffs(counts, shares);
  const values = await yearSpendValues(context, endMs);
  const accuracy = sketchAccuracy(values, shares, cutoffs);
  return {
    sketchCustomers: [...counts.values()].reduce((sum, count) => sum + count, 0),
    buckets: counts.size,
    historyCustomers: values.length,
    levels: accuracy.levels,
    misplaced: accuracy.misplaced,
  };
}
