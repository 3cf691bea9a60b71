import type { Millis, WalletEntry } from './history.js';
import type { HistoryIndex } from './history-index.js';
import type { Rules } from './rules.js';
import { lastIndexAtOrBefore } from './sorted-times.js';
import { type StepSum, stepSum, stepSumAt } from './step-sum.js';
import { DAY_MS } from './time.js';

export const WALLET_BANDS = ['low', 'medium', 'high'] as const;
export type WalletBand = (typeof WALLET_BANDS)[number];

/** The customer's share of wallet at one moment. */
export interface WalletShare {
  readonly band: WalletBand;
  /** spendMinor / walletMinor; above 1 when the estimate is below what the customer spends with us. */
  readonly share: number;
  /** Net spend with us (sales minus returns) in the trailing window. */
  readonly spendMinor: number;
  /** The latest estimate at or before the moment. */
  readonly walletMinor: number;
}

export interface WalletModel {
  /** Undefined before the first estimate: without a wallet there is no share. */
  shareAt(t: Millis): WalletShare | undefined;
  /** Every moment from the first estimate on at which the share can change. */
  changeCandidates(): Millis[];
}

/** The band of a share under the rules' thresholds. */
export function walletBand(share: number, rules: Rules['wallet']): WalletBand {
  if (share >= rules.highShare) return 'high';
  return share >= rules.mediumShare ? 'medium' : 'low';
}

/**
 * Share of wallet over an indexed history: the net spend in (t - windowDays, t] over the
 * latest estimate at or before t (of two estimates at one moment, the later in the history's
 * total order counts).
 */
export function walletModel(index: HistoryIndex, rules: Rules): WalletModel {
  const estimates: readonly WalletEntry[] = index.wallets;
  const estimateTimes = estimates.map((estimate) => estimate.at);
  const firstEstimateAt = estimateTimes[0];
  const windowMs = rules.wallet.windowDays * DAY_MS;
  const spend: StepSum = stepSum(
    index.purchases.flatMap((purchase) => {
      const signed = purchase.type === 'sale' ? purchase.amountMinor : -purchase.amountMinor;
      return [
        { at: purchase.at, delta: signed },
        { at: purchase.at + windowMs, delta: -signed },
      ];
    }),
  );
  return {
    shareAt: (t) => {
      const estimate = estimates[lastIndexAtOrBefore(estimateTimes, t)];
      if (estimate === undefined) return undefined;
      const spendMinor = stepSumAt(spend, t);
      const share = spendMinor / estimate.walletMinor;
      return { band: walletBand(share, rules.wallet), share, spendMinor, walletMinor: estimate.walletMinor };
    },
    changeCandidates: () =>
      firstEstimateAt === undefined
        ? []
        : [...estimateTimes, ...spend.times.filter((at) => at > firstEstimateAt)],
  };
}
