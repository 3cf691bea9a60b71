import type { ChurnLevel, Evaluation, Stage, Tier } from '@loyalty/core';

/**
 * The values stored with each evaluation: those last emitted. P(alive) and the churn score
 * are not kept: they drift between change candidates, are recomputed from the history at any
 * moment (`loyalty customer`), and would double the stored record.
 */
export interface CustomerValues {
  readonly tier: Tier | null;
  readonly qualifyingSpendMinor: number | null;
  readonly stage: Stage | null;
  readonly churn: ChurnLevel | null;
  readonly drivers: readonly string[];
}

/** The stored form of an evaluation. */
export function customerValues(evaluation: Evaluation): CustomerValues {
  return {
    tier: evaluation.tier?.tier ?? null,
    qualifyingSpendMinor: evaluation.tier?.qualifyingSpendMinor ?? null,
    stage: evaluation.stage ?? null,
    churn: evaluation.churn?.level ?? null,
    drivers: evaluation.churn?.drivers ?? [],
  };
}

/**
 * Whether the stored values differ between two evaluations: the measure of the aggregator's
 * timers, which wake a customer only when what it keeps (and emits) changes.
 */
export function valuesChanged(before: Evaluation, after: Evaluation): boolean {
  const a = customerValues(before);
  const b = customerValues(after);
  return (
    a.tier !== b.tier ||
    a.qualifyingSpendMinor !== b.qualifyingSpendMinor ||
    a.stage !== b.stage ||
    a.churn !== b.churn ||
    a.drivers.length !== b.drivers.length ||
    a.drivers.some((driver, i) => driver !== b.drivers[i])
  );
}
