import type { TableRows } from '@loyalty/clickhouse';
import type { OutputEvent } from '@loyalty/contracts';

/** The rows of one validated output event of the aggregator. */
export function outputRows(event: OutputEvent, at: string): TableRows {
  const envelope = {
    event_id: event.eventId,
    customer_id: event.customerId,
    occurred_at: at,
    correction: event.correction ? 1 : 0,
  } as const;
  switch (event.type) {
    case 'tier-changed':
      return {
        tier_changes: [
          {
            ...envelope,
            previous_tier: event.previousTier,
            new_tier: event.newTier,
            direction: event.direction,
            reason: event.reason,
            qualifying_spend_minor: event.qualifyingSpendMinor,
            currency: event.currency,
          },
        ],
      };
    case 'stage-changed':
      return {
        stage_changes: [
          {
            ...envelope,
            previous_stage: event.previousStage,
            new_stage: event.newStage,
            reason: event.reason,
          },
        ],
      };
    case 'churn-risk':
      return {
        churn_signals: [
          {
            ...envelope,
            previous_level: event.previousLevel,
            new_level: event.newLevel,
            score: event.score,
            p_alive: event.pAlive,
            drivers: event.drivers,
            expected_purchases_90d: event.expectedPurchases90d ?? null,
            clv: event.clv ?? null,
          },
        ],
      };
    case 'wallet-share-changed':
      return {
        wallet_share_changes: [
          {
            ...envelope,
            previous_band: event.previousBand,
            new_band: event.newBand,
            share: event.share,
            spend_minor: event.spendMinor,
            wallet_minor: event.walletMinor,
            currency: event.currency,
          },
        ],
      };
    case 'pyramid-level-changed':
      return {
        pyramid_level_changes: [
          {
            ...envelope,
            previous_level: event.previousLevel,
            new_level: event.newLevel,
            value_minor: event.valueMinor,
            platinum_cutoff_minor: event.cutoffs.platinumMinor,
            gold_cutoff_minor: event.cutoffs.goldMinor,
            iron_cutoff_minor: event.cutoffs.ironMinor,
            customers: event.customers,
            currency: event.currency,
          },
        ],
      };
  }
}
