/**
 * What a customer is expected to bring, from a fitted ClvModelRecord: the purchases BG/NBD
 * expects in the next 90 days (Fader, Hardie & Lee 2005, eq. 10) and the discounted value of
 * those in the CLV horizon (packages/core/src/clv/clv.ts, with Gamma-Gamma's expected spend).
 *
 * The inputs are those of the churn rule (packages/core/src/churn.ts), so that P(alive) and
 * these numbers describe the same customer: sales only, the sales of one UTC day are one
 * purchase, x counts the purchase days after the first, t_x runs from the first purchase day to
 * the last, and T from the start of the first purchase day to t, in weeks. The mean spend is that
 * of the repeat days' totals, as in the fit (packages/clickhouse/src/clv/clv-calibration.ts).
 */
import {
  type ClvModel,
  conditionalExpectedPurchases,
  customerLifetimeValue,
  DAY_MS,
  fromModelSpend,
  type HistoryEntry,
  type Millis,
  rfmSummary,
  toModelSpend,
  WEEK_MS,
} from '@loyalty/core';

/** The expected purchases and value of one customer at one moment. */
export interface ValueEstimate {
  /** Purchase days expected in the 90 days after t. */
  readonly expectedPurchases90d: number;
  /** Discounted expected spend over the horizon, in base-currency minor units (not whole). */
  readonly clv: number;
}

/** How far ahead the CLV looks and how it discounts. */
export interface ValueEstimateOptions {
  readonly horizonWeeks: number;
  /** e.g. 0.1 for 10 % a year. */
  readonly annualDiscountRate: number;
}

/** The product's defaults: one year ahead, 10 % a year. */
export const DEFAULT_VALUE_ESTIMATE_OPTIONS: ValueEstimateOptions = {
  horizonWeeks: 52,
  annualDiscountRate: 0.1,
};

const NINETY_DAYS_IN_WEEKS = (90 * DAY_MS) / WEEK_MS;

/**
 * The estimate for the history as of t (entries after t ignored, a repeated eventId counted
 * once); undefined before the first sale, where the models say nothing about the customer.
 */
export function valueEstimate(
  history: readonly HistoryEntry[],
  t: Millis,
  model: ClvModel,
  options: ValueEstimateOptions = DEFAULT_VALUE_ESTIMATE_OPTIONS,
): ValueEstimate | undefined {
  const sales = new Map<string, { day: number; value: number }>();
  let firstDay = Number.POSITIVE_INFINITY;
  for (const entry of history) {
    if (entry.kind !== 'purchase' || entry.type !== 'sale' || entry.at > t) continue;
    const day = Math.floor(entry.at / DAY_MS);
    sales.set(entry.eventId, { day, value: entry.amountMinor });
    firstDay = Math.min(firstDay, day);
  }
  const summary = rfmSummary([...sales.values()], Math.floor(t / DAY_MS));
  if (summary === undefined) return undefined;
  const customer = {
    x: summary.x,
    tx: summary.tx,
    // The churn rule's T: from the start of the first purchase day to t itself, not to its day.
    T: (t - firstDay * DAY_MS) / WEEK_MS,
    mx: toModelSpend(summary.mx),
  };
  return {
    expectedPurchases90d: conditionalExpectedPurchases(
      model.bgnbd,
      customer.x,
      customer.tx,
      customer.T,
      NINETY_DAYS_IN_WEEKS,
    ),
    clv: fromModelSpend(customerLifetimeValue(model, customer, options)),
  };
}
