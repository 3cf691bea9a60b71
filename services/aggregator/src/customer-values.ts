import type { ChurnLevel, Evaluation, Stage, Tier, TransitionKind, WalletBand } from '@loyalty/core';

/**
 * The values stored with each evaluation: those last emitted. P(alive) and the churn score
 * are not kept: they drift between change candidates, are recomputed from the history at any
 * moment (`loyalty customer`), and would double the stored record.
 */
export interface CustomerValues {
  readonly tier: Tier | null;
  readonly qualifyingSpendMinor: number | null;
  readonly stage: Stage | null;
  readonly churn: ChurnLevel | null;
  readonly drivers: readonly string[];
  /**
   * The share-of-wallet band, absent before the customer's first wallet estimate (and in older
   * records). Absent rather than null: the record is a field of the customer's hash, which Redis
   * keeps compact (listpack) only while every field fits `hash-max-listpack-value`.
   */
  readonly wallet?: WalletBand;
  /** Absent before the first evaluation that announced something (and in older records). */
  readonly announced?: Announcement;
}

/**
 * What the change events told subscribers beyond the values themselves: what the state topic
 * publishes, and what keeps correction ids apart.
 */
export interface Announcement {
  /** The occurredAt of each kind's last change event (epoch ms), null before the first. */
  readonly tierSince: number | null;
  readonly stageSince: number | null;
  readonly churnSince: number | null;
  /** Absent until a share-of-wallet band was announced (see CustomerValues.wallet). */
  readonly walletSince?: number;
  /** How many change events were published for the customer, corrections included. */
  readonly changes: number;
}

const NOTHING_ANNOUNCED: Announcement = {
  tierSince: null,
  stageSince: null,
  churnSince: null,
  changes: 0,
};

/**
 * What a stored evaluation announced. A record written before announcements were kept says
 * only that its values held at asOf: that moment stands in for the unknown since-times.
 */
export function announcedBy(evaluation: {
  readonly asOf: number;
  readonly values: CustomerValues;
}): Announcement {
  const { asOf, values } = evaluation;
  return (
    values.announced ?? {
      tierSince: values.tier === null ? null : asOf,
      stageSince: values.stage === null ? null : asOf,
      churnSince: values.churn === null ? null : asOf,
      ...(values.wallet !== undefined && { walletSince: asOf }),
      changes: 0,
    }
  );
}

/** The announcement after `changes` were published on top of `before`. */
export function announce(
  before: Announcement | undefined,
  changes: readonly { readonly kind: TransitionKind; readonly effectiveAt: number }[],
): Announcement {
  const since = { ...(before ?? NOTHING_ANNOUNCED) };
  for (const { kind, effectiveAt } of changes) since[`${kind}Since`] = effectiveAt;
  return { ...since, changes: since.changes + changes.length };
}

/** The stored form of an evaluation. */
export function customerValues(evaluation: Evaluation): CustomerValues {
  return {
    tier: evaluation.tier?.tier ?? null,
    qualifyingSpendMinor: evaluation.tier?.qualifyingSpendMinor ?? null,
    stage: evaluation.stage ?? null,
    churn: evaluation.churn?.level ?? null,
    drivers: evaluation.churn?.drivers ?? [],
    ...(evaluation.wallet !== undefined && { wallet: evaluation.wallet.band }),
  };
}

/**
 * Whether the stored values differ between two evaluations: the measure of the aggregator's
 * timers, which wake a customer only when what it keeps (and emits) changes.
 */
export function valuesChanged(before: Evaluation, after: Evaluation): boolean {
  // Field by field rather than through customerValues: this runs for every change candidate
  // ahead of a customer, and building two records each time is garbage for nothing.
  const a = before.churn?.drivers ?? NO_DRIVERS;
  const b = after.churn?.drivers ?? NO_DRIVERS;
  return (
    before.tier?.tier !== after.tier?.tier ||
    before.tier?.qualifyingSpendMinor !== after.tier?.qualifyingSpendMinor ||
    before.stage !== after.stage ||
    before.churn?.level !== after.churn?.level ||
    before.wallet?.band !== after.wallet?.band ||
    a.length !== b.length ||
    a.some((driver, i) => driver !== b[i])
  );
}

const NO_DRIVERS: readonly string[] = [];
