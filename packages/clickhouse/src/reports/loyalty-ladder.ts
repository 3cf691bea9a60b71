import { STAGES } from '@loyalty/core';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** The loyalty ladder at the end of a range, and the moves between its rungs within it. */
export interface LoyaltyLadder {
  /** Customers on each stage by their last announced stage change, in the ladder's order. */
  readonly stages: readonly { readonly stage: string; readonly customers: number }[];
  /** Stage changes within the range, from one stage to another (corrections included), most first. */
  readonly flows: readonly { readonly from: string; readonly to: string; readonly changes: number }[];
}

/**
 * Where customers stand on the loyalty ladder (suspect to advocate) at the end of the range,
 * in announcement order as the churn report reads levels, and how they moved within it.
 */
export async function loyaltyLadderReport(context: ReportContext, range: TimeRange): Promise<LoyaltyLadder> {
  const upTo = rangeCondition('occurred_at', range.toMs === undefined ? {} : { toMs: range.toMs });
  const [stages, flows] = await Promise.all([
    reportRows<{ stage: string; customers: JsonInteger }>(
      context,
      `SELECT stage, count() AS customers
       FROM (
         SELECT customer_id, argMax(new_stage, (ingested_at, occurred_at, event_id)) AS stage
         FROM stage_changes FINAL
         WHERE ${upTo}
         GROUP BY customer_id
       )
       GROUP BY stage`,
    ),
    reportRows<{ from_stage: string; to_stage: string; changes: JsonInteger }>(
      context,
      `SELECT ifNull(previous_stage, 'none') AS from_stage, new_stage AS to_stage, count() AS changes
       FROM stage_changes FINAL
       WHERE ${rangeCondition('occurred_at', range)}
       GROUP BY from_stage, to_stage
       ORDER BY changes DESC, from_stage, to_stage`,
    ),
  ]);
  const byStage = new Map(stages.map((row) => [row.stage, toSafeInteger(row.customers)]));
  return {
    stages: STAGES.map((stage) => ({ stage, customers: byStage.get(stage) ?? 0 })),
    flows: flows.map((row) => ({
      from: row.from_stage,
      to: row.to_stage,
      changes: toSafeInteger(row.changes),
    })),
  };
}
