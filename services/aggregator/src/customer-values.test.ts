import type { ChurnValue, Evaluation } from '@loyalty/core';
import { describe, expect, it } from 'vitest';
import { customerValues, valuesChanged } from './customer-values.js';

const churn = (level: 'low' | 'medium' | 'high', drivers: string[], score = 0.2) =>
  ({ level, drivers, score, pAlive: 1 - score, x: 1, tx: 0 }) as unknown as ChurnValue;

const cases: Evaluation[] = [
  {},
  { stage: 'suspect' },
  { tier: { tier: 'iron', qualifyingSpendMinor: 10_000 }, stage: 'first_time', churn: churn('low', []) },
  { tier: { tier: 'iron', qualifyingSpendMinor: 12_000 }, stage: 'first_time', churn: churn('low', []) },
  { tier: { tier: 'gold', qualifyingSpendMinor: 12_000 }, stage: 'repeat', churn: churn('low', [], 0.3) },
  {
    tier: { tier: 'gold', qualifyingSpendMinor: 12_000 },
    stage: 'repeat',
    churn: churn('medium', ['complaint_open']),
  },
  {
    tier: { tier: 'gold', qualifyingSpendMinor: 12_000 },
    stage: 'repeat',
    churn: churn('medium', ['poor_resolution']),
  },
  {
    tier: { tier: 'gold', qualifyingSpendMinor: 12_000 },
    stage: 'repeat',
    churn: churn('medium', ['complaint_open', 'poor_resolution']),
  },
];

describe('valuesChanged', () => {
  it('says whether the stored values differ, ignoring the drifting score', () => {
    for (const a of cases) {
      for (const b of cases) {
        const stored = JSON.stringify(customerValues(a)) !== JSON.stringify(customerValues(b));
        expect(valuesChanged(a, b), `${JSON.stringify(a)} -> ${JSON.stringify(b)}`).toBe(stored);
      }
    }
    expect(valuesChanged(cases[3] as Evaluation, cases[3] as Evaluation)).toBe(false);
    expect(
      valuesChanged(cases[4] as Evaluation, { ...(cases[4] as Evaluation), churn: churn('low', [], 0.9) }),
    ).toBe(false);
  });
});
