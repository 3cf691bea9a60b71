import { createHash } from 'node:crypto';
import type { ChurnDriver, ChurnLevel } from './churn.js';
import type { Millis } from './history.js';
import type { Stage, StageRule } from './stage.js';
import type { Tier, TierReason } from './tier.js';
import type { WalletBand } from './wallet.js';

export type TransitionKind = 'tier' | 'stage' | 'churn' | 'wallet';

/** What change events announce: the kinds `advance` finds, and the pyramid level fixed at epochs. */
export type AnnouncedKind = TransitionKind | 'pyramid';

/** Every kind, in the order transitions of one moment are listed. */
export const TRANSITION_KINDS = [
  'tier',
  'stage',
  'churn',
  'wallet',
] as const satisfies readonly TransitionKind[];
export type TierDirection = 'initial' | 'upgrade' | 'downgrade';

/** The reason of a churn transition into 'low', where no driver holds. */
export const NO_CHURN_DRIVER_REASON = 'no_risk_signals';

interface TransitionBase {
  readonly customerId: string;
  /** Deterministic: see transitionEventId. */
  readonly eventId: string;
  /** The exact event time of the change; for a correction, since when the corrected value holds. */
  readonly effectiveAt: Millis;
  /**
   * Whether this change corrects what subscribers were told: late input rewrote the history,
   * and `previous` is the value last announced, not the value the history now has before.
   */
  readonly correction: boolean;
}

export interface TierTransition extends TransitionBase {
  readonly kind: 'tier';
  readonly previous: Tier | null;
  readonly next: Tier;
  readonly direction: TierDirection;
  readonly reason: TierReason;
  readonly qualifyingSpendMinor: number;
}

export interface StageTransition extends TransitionBase {
  readonly kind: 'stage';
  readonly previous: Stage | null;
  readonly next: Stage;
  readonly reason: StageRule;
}

export interface ChurnTransition extends TransitionBase {
  readonly kind: 'churn';
  readonly previous: ChurnLevel | null;
  readonly next: ChurnLevel;
  /** The drivers joined by ',' (NO_CHURN_DRIVER_REASON when none holds). */
  readonly reason: string;
  readonly score: number;
  readonly pAlive: number;
  readonly drivers: readonly ChurnDriver[];
}

export interface WalletTransition extends TransitionBase {
  readonly kind: 'wallet';
  readonly previous: WalletBand | null;
  readonly next: WalletBand;
  readonly share: number;
  readonly spendMinor: number;
  readonly walletMinor: number;
}

/** A change of one value at an exact moment. */
export type Transition = TierTransition | StageTransition | ChurnTransition | WalletTransition;

/**
 * The id of a transition: the same (customer, kind, previous, next, moment) always gives the
 * same id, so a replay or a retry after a crash emits ids consumers can drop as repeats.
 */
export function transitionEventId(
  customerId: string,
  kind: AnnouncedKind,
  previous: string | null,
  next: string,
  effectiveAt: Millis,
): string {
  // JSON of an array is unambiguous whatever the ids contain; the prefix versions the scheme.
  const canonical = JSON.stringify(['loyalty-transition-v1', customerId, kind, previous, next, effectiveAt]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/**
 * The id of a correction. `sequence` counts the events announced for the customer before it, so
 * a correction repeated after a crash keeps its id while a later one to the same value at the
 * same moment (after the history flipped back and forth) gets a new one.
 */
export function correctionEventId(
  customerId: string,
  kind: AnnouncedKind,
  previous: string | null,
  next: string,
  effectiveAt: Millis,
  sequence: number,
): string {
  const canonical = JSON.stringify([
    'loyalty-correction-v1',
    customerId,
    kind,
    previous,
    next,
    effectiveAt,
    sequence,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
