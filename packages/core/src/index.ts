export { type BgNbdParams, pAlive, pAliveCrossingT } from './bgnbd.js';
export {
  CHURN_DRIVERS,
  CHURN_LEVELS,
  type ChurnDriver,
  type ChurnLevel,
  type ChurnValue,
} from './churn.js';
export * from './clv/index.js';
export { type Evaluation, evaluate, qualifyingSpendAt, qualifyingTierAt } from './evaluate.js';
export {
  CAMPAIGN_RESPONSES,
  type CampaignEntry,
  type CampaignResponse,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  type ComplaintEntry,
  type ComplaintSeverity,
  type ComplaintStatus,
  compareEntries,
  type HistoryEntry,
  type Millis,
  type PurchaseEntry,
  type WalletEntry,
} from './history.js';
export * from './pyramid/index.js';
export { DEFAULT_RULES, type Rules, type RulesInput, RulesSchema } from './rules.js';
export { STAGE_RULES, STAGES, type Stage, type StageRule } from './stage.js';
export {
  type ComplaintSummary,
  type CustomerSummary,
  customerSummary,
  type TrailingActivity,
} from './summary.js';
export {
  TIER_REASONS,
  TIERS,
  type Tier,
  type TierReason,
  type TierValue,
  tierForSpend,
  tierRank,
} from './tier.js';
export { DAY_MS, WEEK_MS } from './time.js';
export {
  type Advance,
  type AdvanceRequest,
  type AnnouncedValues,
  advance,
  changeCandidates,
  type EvaluationChanged,
  nextDueAt,
  transitions,
} from './timeline.js';
export {
  type ChurnTransition,
  correctionEventId,
  NO_CHURN_DRIVER_REASON,
  type StageTransition,
  type TierDirection,
  type TierTransition,
  TRANSITION_KINDS,
  type Transition,
  type TransitionKind,
  transitionEventId,
  type WalletTransition,
} from './transition.js';
export { WALLET_BANDS, type WalletBand, type WalletShare, walletBand } from './wallet.js';
