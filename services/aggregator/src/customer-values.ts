import type { ChurnLevel, Evaluation, Stage, Tier } from '@loyalty/core';

/** The values stored with each evaluation: what the customer's profile shows. */
export interface CustomerValues {
  readonly tier: Tier | null;
  readonly qualifyingSpendMinor: number | null;
  readonly stage: Stage | null;
  readonly churn: ChurnLevel | null;
  readonly churnScore: number | null;
  readonly pAlive: number | null;
  readonly drivers: readonly string[];
}

/** The stored form of an evaluation. */
export function customerValues(evaluation: Evaluation): CustomerValues {
  return {
    tier: evaluation.tier?.tier ?? null,
    qualifyingSpendMinor: evaluation.tier?.qualifyingSpendMinor ?? null,
    stage: evaluation.stage ?? null,
    churn: evaluation.churn?.level ?? null,
    churnScore: evaluation.churn?.score ?? null,
    pAlive: evaluation.churn?.pAlive ?? null,
    drivers: evaluation.churn?.drivers ?? [],
  };
}
