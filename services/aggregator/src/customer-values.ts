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
