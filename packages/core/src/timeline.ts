import type { ChurnLevel, ChurnValue } from './churn.js';
import { allChangeCandidates, type CustomerModel, customerModel } from './customer-model.js';
import { type Evaluation, evaluateModel } from './evaluate.js';
import type { HistoryEntry, Millis } from './history.js';
import type { Rules } from './rules.js';
import { lastIndexAtOrBefore } from './sorted-times.js';
import { STAGE_RULES, type Stage } from './stage.js';
import { TIER_REASONS, type Tier, type TierState, tierRank } from './tier.js';
import {
  type ChurnTransition,
  correctionEventId,
  NO_CHURN_DRIVER_REASON,
  type StageTransition,
  type TierTransition,
  TRANSITION_KINDS,
  type Transition,
  type TransitionKind,
  transitionEventId,
  type WalletTransition,
} from './transition.js';
import type { WalletBand, WalletShare } from './wallet.js';

function candidatesBetween(model: CustomerModel, fromExclusive: Millis, toInclusive: Millis): Millis[] {
  const candidates = allChangeCandidates(model);
  return candidates.slice(
    lastIndexAtOrBefore(candidates, fromExclusive) + 1,
    lastIndexAtOrBefore(candidates, toInclusive) + 1,
  );
}

/**
 * Every moment in (fromExclusive, toInclusive] at which a tier, stage or churn value can
 * change, ascending. Between two consecutive candidates every value stays as it was at the
 * earlier one (values hold from the moment they change, inclusive).
 */
export function changeCandidates(
  history: readonly HistoryEntry[],
  rules: Rules,
  fromExclusive: Millis,
  toInclusive: Millis,
): Millis[] {
  return candidatesBetween(customerModel(history, rules), fromExclusive, toInclusive);
}

/**
 * The earliest moment after afterExclusive at which a value can change with no new event,
 * for the due-time index of silent customers; undefined when nothing can change any more.
 */
export function nextDueAt(
  history: readonly HistoryEntry[],
  rules: Rules,
  afterExclusive: Millis,
): Millis | undefined {
  return nextDueOfModel(customerModel(history, rules), afterExclusive);
}

function nextDueOfModel(model: CustomerModel, afterExclusive: Millis): Millis | undefined {
  const candidates = allChangeCandidates(model);
  return candidates[lastIndexAtOrBefore(candidates, afterExclusive) + 1];
}

function tierTransition(
  customerId: string,
  previous: TierState | undefined,
  next: TierState,
  effectiveAt: Millis,
): TierTransition {
  const from = previous?.tier ?? null;
  const direction =
    previous === undefined
      ? 'initial'
      : tierRank(next.tier) > tierRank(previous.tier)
        ? 'upgrade'
        : 'downgrade';
  // A downgrade from a frozen tier means the freezing complaint was resolved; any other
  // downgrade means the grace period after the spend fell has run out.
  const reason =
    direction !== 'downgrade'
      ? TIER_REASONS.qualifyingSpend
      : previous?.frozenByComplaint
        ? TIER_REASONS.complaintFreezeEnded
        : TIER_REASONS.gracePeriodEnded;
  return {
    kind: 'tier',
    customerId,
    eventId: transitionEventId(customerId, 'tier', from, next.tier, effectiveAt),
    correction: false,
    effectiveAt,
    previous: from,
    next: next.tier,
    direction,
    reason,
    qualifyingSpendMinor: next.qualifyingSpendMinor,
  };
}

function stageTransition(
  customerId: string,
  previous: Stage | undefined,
  next: Stage,
  effectiveAt: Millis,
): StageTransition {
  const from = previous ?? null;
  return {
    kind: 'stage',
    customerId,
    eventId: transitionEventId(customerId, 'stage', from, next, effectiveAt),
    correction: false,
    effectiveAt,
    previous: from,
    next,
    reason: STAGE_RULES[next],
  };
}

function churnTransition(
  customerId: string,
  previous: ChurnValue | undefined,
  next: ChurnValue,
  effectiveAt: Millis,
): ChurnTransition {
  const from = previous?.level ?? null;
  return {
    kind: 'churn',
    customerId,
    eventId: transitionEventId(customerId, 'churn', from, next.level, effectiveAt),
    correction: false,
    effectiveAt,
    previous: from,
    next: next.level,
    reason: next.drivers.length > 0 ? next.drivers.join(',') : NO_CHURN_DRIVER_REASON,
    score: next.score,
    pAlive: next.pAlive,
    drivers: next.drivers,
  };
}

function walletTransition(
  customerId: string,
  previous: WalletShare | undefined,
  next: WalletShare,
  effectiveAt: Millis,
): WalletTransition {
  const from = previous?.band ?? null;
  return {
    kind: 'wallet',
    customerId,
    eventId: transitionEventId(customerId, 'wallet', from, next.band, effectiveAt),
    correction: false,
    effectiveAt,
    previous: from,
    next: next.band,
    share: next.share,
    spendMinor: next.spendMinor,
    walletMinor: next.walletMinor,
  };
}

/**
 * The value changes with effectiveAt in (fromExclusive, toInclusive], in time order (tier,
 * stage, churn, wallet within one moment). `previous` is the value just before the change, null where
 * it was undefined. A churn transition fires on a change of level, not of score.
 */
export function transitions(
  customerId: string,
  history: readonly HistoryEntry[],
  rules: Rules,
  fromExclusive: Millis,
  toInclusive: Millis,
): Transition[] {
  return transitionsOfModel(customerId, customerModel(history, rules), fromExclusive, toInclusive);
}

/** The values subscribers were last told for a customer, null for a kind never announced. */
export interface AnnouncedValues {
  readonly tier: Tier | null;
  readonly stage: Stage | null;
  readonly churn: ChurnLevel | null;
  /** Absent in what was stored before share of wallet was announced: taken as never announced. */
  readonly wallet?: WalletBand | null;
}

/** What bringing one customer from one moment up to another takes. */
export interface AdvanceRequest {
  readonly fromExclusive: Millis;
  readonly toInclusive: Millis;
  /** The measure of the next due time: see advance. */
  readonly changed?: EvaluationChanged;
  /**
   * What subscribers hold, announced up to fromExclusive. Where late input has rewritten the
   * history before fromExclusive, a value there differs from the announced one, and a
   * correction comes before the changes.
   */
  readonly announced?: AnnouncedValues;
  /** How many change events were announced for the customer: keeps correction ids apart. */
  readonly announcedCount?: number;
}

/** What bringing one customer up to a moment yields, from one model of the history. */
export interface Advance {
  /**
   * The corrections of the announced values (see AdvanceRequest.announced), then the changes
   * in (fromExclusive, toInclusive] as `transitions` gives them.
   */
  readonly transitions: Transition[];
  /** Every value at toInclusive. */
  readonly evaluation: Evaluation;
  /**
   * The next moment after toInclusive a value can change without a new event; with `changed`,
   * the next moment a value does change by its measure.
   */
  readonly nextDueAt: Millis | undefined;
}

/** Whether two evaluations differ in what the caller keeps (e.g. ignoring the drifting score). */
export type EvaluationChanged = (before: Evaluation, after: Evaluation) => boolean;

/**
 * Corrections, transitions, evaluate and nextDueAt of one customer at once: the aggregator's
 * step for each due customer, indexing the history once instead of four times. With `changed`,
 * the next due time skips the candidates at which nothing the caller keeps changes: looking
 * ahead in memory is far cheaper than being woken for nothing.
 */
export function advance(
  customerId: string,
  history: readonly HistoryEntry[],
  rules: Rules,
  request: AdvanceRequest,
): Advance {
  const { fromExclusive, toInclusive, changed } = request;
  const model = customerModel(history, rules);
  const evaluation = evaluateModel(model, toInclusive);
  const corrections =
    request.announced === undefined
      ? []
      : correctionsOfModel(customerId, model, request.announced, fromExclusive, request.announcedCount ?? 0);
  return {
    transitions: [...corrections, ...transitionsOfModel(customerId, model, fromExclusive, toInclusive)],
    evaluation,
    nextDueAt:
      changed === undefined
        ? nextDueOfModel(model, toInclusive)
        : nextChangeOfModel(model, toInclusive, evaluation, changed),
  };
}

/**
 * The corrections that bring subscribers from `announced` to the values the history has at
 * `at`: one per kind that differs. Each is the change that made the current value hold (its
 * moment, reason and figures), told as a move from the announced value. Only the present is
 * corrected: a past interlude the late input created or removed is not replayed, as an upsert
 * changelog (a KTable, Flink's retract-and-update) carries the latest value, not its history.
 */
function correctionsOfModel(
  customerId: string,
  model: CustomerModel,
  announced: AnnouncedValues,
  at: Millis,
  announcedCount: number,
): Transition[] {
  const tier = model.tier.stateAt(at)?.tier ?? null;
  const stage = model.stage.stageAt(at) ?? null;
  const churn = model.churn.churnAt(at)?.level ?? null;
  const wallet = model.wallet.shareAt(at)?.band ?? null;
  const announcedWallet = announced.wallet ?? null;
  // A value only goes from unknown to known: there is no event that says "unknown again".
  const wrong = {
    tier: tier !== null && tier !== announced.tier,
    stage: stage !== null && stage !== announced.stage,
    churn: churn !== null && churn !== announced.churn,
    wallet: wallet !== null && wallet !== announcedWallet,
  };
  if (!wrong.tier && !wrong.stage && !wrong.churn && !wrong.wallet) return [];
  const lastOfKind = new Map<TransitionKind, Transition>();
  for (const change of transitionsOfModel(customerId, model, Number.NEGATIVE_INFINITY, at)) {
    lastOfKind.set(change.kind, change);
  }
  const corrections: Transition[] = [];
  for (const kind of TRANSITION_KINDS) {
    const change = lastOfKind.get(kind);
    if (!wrong[kind] || change === undefined) continue;
    const previous = kind === 'wallet' ? announcedWallet : announced[kind];
    const sequence = announcedCount + corrections.length;
    const eventId = correctionEventId(customerId, kind, previous, change.next, change.effectiveAt, sequence);
    if (change.kind === 'tier') {
      const from = announced.tier;
      const direction =
        from === null ? 'initial' : tierRank(change.next) > tierRank(from) ? 'upgrade' : 'downgrade';
      corrections.push({ ...change, eventId, correction: true, previous: from, direction });
    } else if (change.kind === 'stage') {
      corrections.push({ ...change, eventId, correction: true, previous: announced.stage });
    } else if (change.kind === 'churn') {
      corrections.push({ ...change, eventId, correction: true, previous: announced.churn });
    } else {
      corrections.push({ ...change, eventId, correction: true, previous: announcedWallet });
    }
  }
  return corrections;
}

function nextChangeOfModel(
  model: CustomerModel,
  afterExclusive: Millis,
  current: Evaluation,
  changed: EvaluationChanged,
): Millis | undefined {
  const candidates = allChangeCandidates(model);
  for (let i = lastIndexAtOrBefore(candidates, afterExclusive) + 1; i < candidates.length; i++) {
    const at = candidates[i] as Millis;
    if (changed(current, evaluateModel(model, at))) return at;
  }
  return undefined;
}

function transitionsOfModel(
  customerId: string,
  model: CustomerModel,
  fromExclusive: Millis,
  toInclusive: Millis,
): Transition[] {
  const changes: Transition[] = [];
  let tier = model.tier.stateAt(fromExclusive);
  let stage = model.stage.stageAt(fromExclusive);
  let churn = model.churn.churnAt(fromExclusive);
  let wallet = model.wallet.shareAt(fromExclusive);
  for (const at of candidatesBetween(model, fromExclusive, toInclusive)) {
    const nextTier = model.tier.stateAt(at);
    if (nextTier && nextTier.tier !== tier?.tier) {
      changes.push(tierTransition(customerId, tier, nextTier, at));
    }
    tier = nextTier;
    const nextStage = model.stage.stageAt(at);
    if (nextStage && nextStage !== stage) {
      changes.push(stageTransition(customerId, stage, nextStage, at));
    }
    stage = nextStage;
    const nextChurn = model.churn.churnAt(at);
    if (nextChurn && nextChurn.level !== churn?.level) {
      changes.push(churnTransition(customerId, churn, nextChurn, at));
    }
    churn = nextChurn;
    const nextWallet = model.wallet.shareAt(at);
    if (nextWallet && nextWallet.band !== wallet?.band) {
      changes.push(walletTransition(customerId, wallet, nextWallet, at));
    }
    wallet = nextWallet;
  }
  return changes;
}
