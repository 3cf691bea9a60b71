import { type ComplaintSpell, isOpenAt } from './complaints.js';
import type { Millis } from './history.js';
import type { HistoryIndex } from './history-index.js';
import type { Rules } from './rules.js';
import { lastIndexAtOrBefore } from './sorted-times.js';
import { type StepSum, stepSum, stepSumAt } from './step-sum.js';
import { daysMs } from './time.js';

/** The service tiers, lowest to highest. */
export const TIERS = ['lead', 'iron', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

const TIER_RANK: Record<Tier, number> = { lead: 0, iron: 1, gold: 2, platinum: 3 };

/** The position of a tier in TIERS: higher is better. */
export function tierRank(tier: Tier): number {
  return TIER_RANK[tier];
}

function higherTier(left: Tier, right: Tier): Tier {
  return TIER_RANK[right] > TIER_RANK[left] ? right : left;
}

/** Why a tier changed. */
export const TIER_REASONS = {
  qualifyingSpend: 'qualifying_spend',
  gracePeriodEnded: 'grace_period_ended',
  complaintFreezeEnded: 'complaint_freeze_ended',
} as const;
export type TierReason = (typeof TIER_REASONS)[keyof typeof TIER_REASONS];

/** A customer's tier at a moment, with the trailing spend behind it. */
export interface TierValue {
  readonly tier: Tier;
  readonly qualifyingSpendMinor: number;
}

/** TierValue plus whether an open complaint holds the tier above what spend and grace give. */
export interface TierState extends TierValue {
  readonly frozenByComplaint: boolean;
}

/** The tier a trailing spend qualifies for. */
export function tierForSpend(spendMinor: number, rules: Rules['tier']): Tier {
  if (spendMinor >= rules.platinumMinSpendMinor) return 'platinum';
  if (spendMinor >= rules.goldMinSpendMinor) return 'gold';
  if (spendMinor >= rules.ironMinSpendMinor) return 'iron';
  return 'lead';
}

/** The tier rules of one customer, evaluable at any moment. */
export interface TierModel {
  /** Net spend (sales minus returns) with `at` in (t - window, t]. */
  qualifyingSpendAt(t: Millis): number;
  /** The tier that spend qualifies for; undefined before the first sale. */
  qualifyingTierAt(t: Millis): Tier | undefined;
  /** The tier held at t after grace and complaint freezes; undefined before the first sale. */
  stateAt(t: Millis): TierState | undefined;
  /** Moments other than entry times at which the tier or the spend can change. */
  changeCandidates(): Millis[];
}

/** The qualifying tier as a step function from the first sale on: tiers[i] holds on [times[i], times[i+1]). */
interface QualifyingSteps {
  readonly times: readonly Millis[];
  readonly tiers: readonly Tier[];
}

function qualifyingSteps(
  spend: StepSum,
  firstSaleAt: Millis | undefined,
  rules: Rules['tier'],
): QualifyingSteps {
  if (firstSaleAt === undefined) return { times: [], tiers: [] };
  const times = [firstSaleAt];
  const tiers = [tierForSpend(stepSumAt(spend, firstSaleAt), rules)];
  spend.times.forEach((at, i) => {
    if (at <= firstSaleAt) return;
    const tier = tierForSpend(spend.totals[i] ?? 0, rules);
    if (tier !== tiers[tiers.length - 1]) {
      times.push(at);
      tiers.push(tier);
    }
  });
  return { times, tiers };
}

/** The tier held when a complaint spell opened: the floor of the tier while the spell stays open. */
interface ComplaintFloor {
  readonly spell: ComplaintSpell;
  readonly tier: Tier;
}

/** Builds the tier rules over one customer's indexed history. */
export function tierModel(index: HistoryIndex, rules: Rules): TierModel {
  const windowMs = daysMs(rules.tier.qualificationWindowDays);
  const graceMs = daysMs(rules.tier.downgradeGraceDays);
  const { firstSaleAt } = index;
  // Each purchase adds its signed amount while in the window and takes it back when it leaves.
  const spend = stepSum(
    index.purchases.flatMap((purchase) => {
      const signed = purchase.type === 'sale' ? purchase.amountMinor : -purchase.amountMinor;
      return [
        { at: purchase.at, delta: signed },
        { at: purchase.at + windowMs, delta: -signed },
      ];
    }),
  );
  const qualifying = qualifyingSteps(spend, firstSaleAt, rules.tier);

  // The highest qualifying tier over [t - grace, t]: an upgrade shows at once, a downgrade only
  // once the higher tier has been out of reach for the whole grace period.
  const graceTierAt = (t: Millis): Tier => {
    const last = lastIndexAtOrBefore(qualifying.times, t);
    let tier: Tier = 'lead';
    for (let i = Math.max(0, lastIndexAtOrBefore(qualifying.times, t - graceMs)); i <= last; i++) {
      tier = higherTier(tier, qualifying.tiers[i] ?? 'lead');
    }
    return tier;
  };

  // A spell's floor is the full tier held at its start, so a spell opened while another one
  // freezes the tier inherits that freeze. Spells that started before the first sale hold nothing.
  const floors: ComplaintFloor[] = [];
  for (const spell of index.complaints.spells) {
    if (firstSaleAt === undefined || spell.start < firstSaleAt) continue;
    let tier = graceTierAt(spell.start);
    for (const earlier of floors) {
      if (earlier.spell.start < spell.start && spell.start < earlier.spell.end) {
        tier = higherTier(tier, earlier.tier);
      }
    }
    floors.push({ spell, tier });
  }

  return {
    qualifyingSpendAt: (t) => stepSumAt(spend, t),
    qualifyingTierAt: (t) =>
      firstSaleAt === undefined || t < firstSaleAt
        ? undefined
        : tierForSpend(stepSumAt(spend, t), rules.tier),
    stateAt: (t) => {
      if (firstSaleAt === undefined || t < firstSaleAt) return undefined;
      const graceTier = graceTierAt(t);
      let tier = graceTier;
      for (const floor of floors) if (isOpenAt(floor.spell, t)) tier = higherTier(tier, floor.tier);
      return { tier, qualifyingSpendMinor: stepSumAt(spend, t), frozenByComplaint: tier !== graceTier };
    },
    changeCandidates: () => {
      const candidates = [...spend.times];
      qualifying.times.forEach((at, i) => {
        const before = qualifying.tiers[i - 1];
        const after = qualifying.tiers[i];
        if (before !== undefined && after !== undefined && TIER_RANK[after] < TIER_RANK[before]) {
          candidates.push(at + graceMs);
        }
      });
      return candidates;
    },
  };
}
