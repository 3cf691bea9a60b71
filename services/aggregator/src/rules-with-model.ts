import type { ClvModelRecord, Rules } from '@loyalty/core';

/**
 * The rules with churn.bgnbd taken from a fitted model, so that P(alive) uses the estimates on
 * this retailer's own history instead of the configured ones (by default the CDNOW estimates);
 * the rules unchanged when no model has been fitted.
 */
export function rulesWithModel(rules: Rules, record: ClvModelRecord | undefined): Rules {
  if (record === undefined) return rules;
  return { ...rules, churn: { ...rules.churn, bgnbd: { ...record.bgnbd } } };
}
