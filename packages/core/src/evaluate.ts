import type { ChurnValue } from './churn.js';
import { type CustomerModel, customerModel } from './customer-model.js';
import type { HistoryEntry, Millis } from './history.js';
import { DEFAULT_RULES, type Rules } from './rules.js';
import type { Stage } from './stage.js';
import type { Tier, TierValue } from './tier.js';
import type { WalletShare } from './wallet.js';

/** Tier, stage, churn risk and share of wallet at one moment; a part is absent where it is not defined yet. */
export interface Evaluation {
  readonly tier?: TierValue;
  readonly stage?: Stage;
  readonly churn?: ChurnValue;
  readonly wallet?: WalletShare;
}

/** Every value of a built model at t. */
export function evaluateModel(model: CustomerModel, t: Millis): Evaluation {
  const tierState = model.tier.stateAt(t);
  const stage = model.stage.stageAt(t);
  const churn = model.churn.churnAt(t);
  const wallet = model.wallet.shareAt(t);
  // Assigned rather than spread: this runs at every change candidate the aggregator looks at.
  const evaluation: { tier?: TierValue; stage?: Stage; churn?: ChurnValue; wallet?: WalletShare } = {};
  if (tierState)
    evaluation.tier = { tier: tierState.tier, qualifyingSpendMinor: tierState.qualifyingSpendMinor };
  if (stage) evaluation.stage = stage;
  if (churn) evaluation.churn = churn;
  if (wallet) evaluation.wallet = wallet;
  return evaluation;
}

/** Tier, stage and churn risk of the history as of t. */
export function evaluate(
  history: readonly HistoryEntry[],
  t: Millis,
  rules: Rules = DEFAULT_RULES,
): Evaluation {
  return evaluateModel(customerModel(history, rules), t);
}

/** Net spend (sales minus returns) with `at` in (t - qualification window, t]. */
export function qualifyingSpendAt(
  history: readonly HistoryEntry[],
  t: Millis,
  rules: Rules = DEFAULT_RULES,
): number {
  return customerModel(history, rules).tier.qualifyingSpendAt(t);
}

/** The tier the trailing spend at t qualifies for, before grace and freezes; undefined before the first sale. */
export function qualifyingTierAt(
  history: readonly HistoryEntry[],
  t: Millis,
  rules: Rules = DEFAULT_RULES,
): Tier | undefined {
  return customerModel(history, rules).tier.qualifyingTierAt(t);
}
