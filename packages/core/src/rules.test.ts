import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, RulesSchema } from './rules.js';

describe('RulesSchema', () => {
  it('pins the default rules', () => {
    expect(DEFAULT_RULES).toEqual({
      tier: {
        qualificationWindowDays: 365,
        ironMinSpendMinor: 15_000,
        goldMinSpendMinor: 80_000,
        platinumMinSpendMinor: 200_000,
        downgradeGraceDays: 30,
      },
      stage: { windowDays: 365, clientMinOrdersInWindow: 4, repeatMinOrders: 2 },
      churn: {
        bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
        highMaxPAlive: 0.3,
        mediumMaxPAlive: 0.6,
        singlePurchaseHighDays: 365,
        singlePurchaseMediumDays: 180,
        severeComplaintOpenDays: 7,
        severeSeverities: ['high', 'critical'],
        poorSatisfactionMax: 2,
      },
      pyramid: { platinumShare: 0.01, goldShare: 0.04, ironShare: 0.15 },
      wallet: { windowDays: 365, mediumShare: 0.2, highShare: 0.5 },
    });
  });

  it('keeps the wallet bands in order', () => {
    const result = RulesSchema.safeParse({ wallet: { mediumShare: 0.5, highShare: 0.5 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['wallet.highShare']);
  });

  it('leaves lead some of the value pyramid', () => {
    const result = RulesSchema.safeParse({ pyramid: { goldShare: 0.5, ironShare: 0.49 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['pyramid.ironShare']);
  });

  it('keeps the other defaults when one rule is overridden', () => {
    const rules = RulesSchema.parse({ tier: { downgradeGraceDays: 60 }, churn: { bgnbd: { r: 1 } } });
    expect(rules.tier).toEqual({ ...DEFAULT_RULES.tier, downgradeGraceDays: 60 });
    expect(rules.churn.bgnbd).toEqual({ ...DEFAULT_RULES.churn.bgnbd, r: 1 });
    expect(rules.stage).toEqual(DEFAULT_RULES.stage);
  });

  it.each([
    ['a misspelt rule', { tier: { graceDays: 10 } }, ['tier']],
    ['gold below iron', { tier: { goldMinSpendMinor: 10_000 } }, ['tier', 'goldMinSpendMinor']],
    ['fractional money', { tier: { ironMinSpendMinor: 150.5 } }, ['tier', 'ironMinSpendMinor']],
    ['fractional days', { tier: { downgradeGraceDays: 1.5 } }, ['tier', 'downgradeGraceDays']],
    ['high risk above medium', { churn: { highMaxPAlive: 0.7 } }, ['churn', 'mediumMaxPAlive']],
    ['a probability of 1', { churn: { mediumMaxPAlive: 1 } }, ['churn', 'mediumMaxPAlive']],
    ['a non-positive BG/NBD parameter', { churn: { bgnbd: { a: 0 } } }, ['churn', 'bgnbd', 'a']],
  ])('rejects %s and names where', (_name, input, path) => {
    const result = RulesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});
