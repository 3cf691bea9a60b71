import { type ClvModelRecord, DEFAULT_RULES, evaluate, type HistoryEntry, pAlive } from '@loyalty/core';
import { describe, expect, it } from 'vitest';
import { rulesWithModel } from './rules-with-model.js';

const RECORD: ClvModelRecord = {
  bgnbd: { r: 0.5, alpha: 2, a: 2, b: 1 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  fittedAt: '2024-05-01T03:00:00.000Z',
  cutoff: '1997-09-30',
  sampleSize: 2357,
  logLikelihood: -9582.43,
  repeatSampleSize: 946,
  gammaGammaLogLikelihood: -4055.92,
};

describe('rulesWithModel', () => {
  it("replaces churn.bgnbd with the record's estimates and keeps every other rule", () => {
    const rules = rulesWithModel(DEFAULT_RULES, RECORD);
    expect(rules.churn.bgnbd).toEqual(RECORD.bgnbd);
    expect({ ...rules, churn: { ...rules.churn, bgnbd: DEFAULT_RULES.churn.bgnbd } }).toEqual(DEFAULT_RULES);
    expect(DEFAULT_RULES.churn.bgnbd).toEqual({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  });

  it('keeps the rules as they are without a model', () => {
    expect(rulesWithModel(DEFAULT_RULES, undefined)).toBe(DEFAULT_RULES);
  });

  it("makes the churn rule's P(alive) that of the record's estimates", () => {
    const day = 86_400_000;
    const history: HistoryEntry[] = [0, 7, 14].map((d) => ({
      kind: 'purchase',
      eventId: `s${d}`,
      at: d * day,
      orderId: `o${d}`,
      type: 'sale',
      amountMinor: 1_000,
      categories: ['cd'],
    }));
    const churn = evaluate(history, 60 * day, rulesWithModel(DEFAULT_RULES, RECORD)).churn;
    expect(churn?.pAlive).toBeCloseTo(pAlive(RECORD.bgnbd, 2, 2, 60 / 7), 12);
    expect(churn?.pAlive).not.toBeCloseTo(pAlive(DEFAULT_RULES.churn.bgnbd, 2, 2, 60 / 7), 3);
  });
});
