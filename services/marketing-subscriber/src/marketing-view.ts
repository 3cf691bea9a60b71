import type {
  ChurnLevel,
  CustomerStateEvent,
  OutputEvent,
  PyramidLevel,
  Stage,
  Tier,
  WalletBand,
} from '@loyalty/contracts';
import { type Action, decideActions } from './actions.js';

/** What the subscriber holds for one customer: the state topic's fields, kept by the changes. */
export interface CustomerView {
  readonly tier: Tier | null;
  readonly tierSince: string | null;
  readonly stage: Stage | null;
  readonly stageSince: string | null;
  readonly churnLevel: ChurnLevel | null;
  readonly churnSince: string | null;
  readonly walletBand: WalletBand | null;
  readonly walletBandSince: string | null;
  readonly pyramidLevel: PyramidLevel | null;
  readonly pyramidLevelSince: string | null;
}

/**
 * What became of a change: applied (its previous value was the one held), applied after a gap
 * (it was not: the newest change wins), a repeated eventId, a value already held (the state
 * record read at bootstrap reflected it), or a change from before the customer's erasure.
 */
export type ChangeOutcome = 'applied' | 'applied_after_gap' | 'duplicate' | 'already_held' | 'erased';

/** Ids kept per customer to drop repeats: repeats follow their original closely (a retry, an outbox re-send). */
const SEEN_IDS_PER_CUSTOMER = 256;

const EMPTY: CustomerView = {
  tier: null,
  tierSince: null,
  stage: null,
  stageSince: null,
  churnLevel: null,
  churnSince: null,
  walletBand: null,
  walletBandSince: null,
  pyramidLevel: null,
  pyramidLevelSince: null,
};

/**
 * A marketing-automation view of every customer, with the decisions it takes; no I/O. Bootstrap
 * with `load` (the state topic, as a table), then `apply` each change event and `erase` on each
 * tombstone: both return the actions they call for.
 */
export class MarketingView {
  readonly outcomes: Record<ChangeOutcome, number> = {
    applied: 0,
    applied_after_gap: 0,
    duplicate: 0,
    already_held: 0,
    erased: 0,
  };
  private readonly customers = new Map<string, CustomerView>();
  private readonly seen = new Map<string, Set<string>>();
  private readonly erasedAt = new Map<string, number>();

  /** The customer's view, undefined if none is held. */
  get(customerId: string): CustomerView | undefined {
    return this.customers.get(customerId);
  }

  /** How many customers are held. */
  get size(): number {
    return this.customers.size;
  }

  /** Takes a state record as the customer's view (an upsert, as a KTable reads its topic); no action. */
  load(record: CustomerStateEvent): void {
    const {
      tier,
      tierSince,
      stage,
      stageSince,
      churnLevel,
      churnSince,
      walletBand,
      walletBandSince,
      pyramidLevel,
      pyramidLevelSince,
    } = record;
    this.customers.set(record.customerId, {
      tier,
      tierSince,
      stage,
      stageSince,
      churnLevel,
      churnSince,
      walletBand,
      walletBandSince,
      pyramidLevel,
      pyramidLevelSince,
    });
  }

  /**
   * Forgets a customer on their state tombstone, written at `atMs` (its Kafka timestamp): changes
   * written before it that are read after it are dropped, later ones start a new customer.
   */
  erase(customerId: string, atMs: number): Action[] {
    this.customers.delete(customerId);
    this.seen.delete(customerId);
    this.erasedAt.set(customerId, Math.max(atMs, this.erasedAt.get(customerId) ?? atMs));
    return [{ type: 'remove', customerId }];
  }

  /** Applies a change event written at `writtenAtMs` (its Kafka timestamp); returns what it called for. */
  apply(event: OutputEvent, writtenAtMs: number): { outcome: ChangeOutcome; actions: Action[] } {
    const { customerId, eventId } = event;
    const erasedAt = this.erasedAt.get(customerId);
    if (erasedAt !== undefined && writtenAtMs <= erasedAt) return this.outcome('erased');
    if (!this.remember(customerId, eventId)) return this.outcome('duplicate');
    const view = this.customers.get(customerId) ?? EMPTY;
    const { held, previous, next, update } = change(event, view);
    if (next === held) return this.outcome('already_held');
    this.customers.set(customerId, { ...view, ...update });
    return this.outcome(previous === held ? 'applied' : 'applied_after_gap', decideActions(event, held));
  }

  private outcome(outcome: ChangeOutcome, actions: Action[] = []) {
    this.outcomes[outcome]++;
    return { outcome, actions };
  }

  /** Records an id; false if it was seen already. */
  private remember(customerId: string, eventId: string): boolean {
    let ids = this.seen.get(customerId);
    if (ids === undefined) {
      ids = new Set();
      this.seen.set(customerId, ids);
    }
    if (ids.has(eventId)) return false;
    ids.add(eventId);
    // A Set iterates in insertion order: the first id is the oldest.
    if (ids.size > SEEN_IDS_PER_CUSTOMER) ids.delete(ids.values().next().value as string);
    return true;
  }
}

/** The held value of the event's kind, the event's previous and next values, and the view's new fields. */
function change(event: OutputEvent, view: CustomerView) {
  const since = event.occurredAt;
  switch (event.type) {
    case 'tier-changed':
      return {
        held: view.tier,
        previous: event.previousTier,
        next: event.newTier,
        update: { tier: event.newTier, tierSince: since },
      };
    case 'stage-changed':
      return {
        held: view.stage,
        previous: event.previousStage,
        next: event.newStage,
        update: { stage: event.newStage, stageSince: since },
      };
    case 'churn-risk':
      return {
        held: view.churnLevel,
        previous: event.previousLevel,
        next: event.newLevel,
        update: { churnLevel: event.newLevel, churnSince: since },
      };
    case 'wallet-share-changed':
      return {
        held: view.walletBand,
        previous: event.previousBand,
        next: event.newBand,
        update: { walletBand: event.newBand, walletBandSince: since },
      };
    case 'pyramid-level-changed':
      return {
        held: view.pyramidLevel,
        previous: event.previousLevel,
        next: event.newLevel,
        update: { pyramidLevel: event.newLevel, pyramidLevelSince: since },
      };
  }
}
