import { describe, expect, it } from 'vitest';
import { CHURN_DRIVERS, ChurnRiskEventSchema, roundScore } from './churn-risk.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failingPaths(input: unknown): string[] {
  const result = ChurnRiskEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('ChurnRiskEventSchema', () => {
  it('accepts the example rise to high risk', () => {
    const event = ChurnRiskEventSchema.parse(readExample('churn-risk'));
    expect(event.newLevel).toBe('high');
    expect(event.drivers).toContain('complaint_open');
  });

  it('accepts a first assessment without the optional estimates', () => {
    const input = exampleWith('churn-risk', {
      previousLevel: null,
      expectedPurchases90d: undefined,
      clv: undefined,
      drivers: [],
    });
    expect(failingPaths(input)).toEqual([]);
  });

  it('accepts the bounds of score and pAlive, and a negative clv', () => {
    expect(failingPaths(exampleWith('churn-risk', { score: 0, pAlive: 1, clv: -15.5 }))).toEqual([]);
  });

  it('rejects an unchanged level', () => {
    expect(failingPaths(exampleWith('churn-risk', { previousLevel: 'high' }))).toEqual(['newLevel']);
  });

  it.each([
    ['score', 1.01],
    ['score', -0.1],
    ['pAlive', 2],
    ['newLevel', 'extreme'],
    ['drivers', 'open_complaint'],
    ['drivers', ['']],
    ['drivers', ['open_complaint']],
    ['correction', 'false'],
    ['expectedPurchases90d', -0.5],
    ['clv', 'high'],
    ['schemaVersion', 2],
  ])('rejects %s = %j', (field, value) => {
    const paths = failingPaths(exampleWith('churn-risk', { [field]: value }));
    expect(paths).toHaveLength(1);
    expect(paths[0]?.split('.')[0]).toBe(field);
  });

  it('accepts every driver of the churn rules', () => {
    expect(failingPaths(exampleWith('churn-risk', { drivers: Object.values(CHURN_DRIVERS) }))).toEqual([]);
  });

  it('reads an event from before the correction flag as no correction', () => {
    expect(ChurnRiskEventSchema.parse(exampleWith('churn-risk', { correction: undefined })).correction).toBe(
      false,
    );
  });
});

describe('roundScore', () => {
  it('keeps 4 decimal places', () => {
    expect([0.123_456, 0.999_96, 1 / 3, 0, 1].map(roundScore)).toEqual([0.1235, 1, 0.3333, 0, 1]);
  });
});
