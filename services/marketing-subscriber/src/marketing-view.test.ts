import {
  type ChurnRiskEvent,
  type CustomerStateEvent,
  type PyramidLevelChangedEvent,
  type StageChangedEvent,
  type TierChangedEvent,
  tierRank,
  type WalletShareChangedEvent,
} from '@loyalty/contracts';
import { describe, expect, it } from 'vitest';
import { describeAction } from './actions.js';
import { MarketingView } from './marketing-view.js';

const envelope = (eventId: string, occurredAt = '2026-03-01T10:00:00.000Z') =>
  ({
    eventId,
    customerId: 'c1',
    occurredAt,
    source: 'loyalty-aggregator',
    schemaVersion: 1,
    correction: false,
  }) as const;

function tier(
  eventId: string,
  previousTier: TierChangedEvent['newTier'] | null,
  newTier: TierChangedEvent['newTier'],
  correction = false,
): TierChangedEvent {
  const common = {
    type: 'tier-changed',
    ...envelope(eventId),
    correction,
    newTier,
    reason: 'qualifying_spend',
    qualifyingSpendMinor: 100_000,
    currency: 'EUR',
  } as const;
  if (previousTier === null) return { ...common, direction: 'initial', previousTier: null };
  const direction = tierRank(newTier) > tierRank(previousTier) ? 'upgrade' : 'downgrade';
  return { ...common, direction, previousTier };
}

function churn(
  eventId: string,
  previousLevel: ChurnRiskEvent['newLevel'] | null,
  newLevel: ChurnRiskEvent['newLevel'],
) {
  return {
    type: 'churn-risk',
    ...envelope(eventId),
    previousLevel,
    newLevel,
    score: 0.8,
    pAlive: 0.2,
    drivers: newLevel === 'high' ? ['p_alive_below_0.3'] : [],
  } satisfies ChurnRiskEvent;
}

const stage = (
  eventId: string,
  previousStage: StageChangedEvent['newStage'] | null,
  newStage: StageChangedEvent['newStage'],
) =>
  ({
    type: 'stage-changed',
    ...envelope(eventId),
    previousStage,
    newStage,
    reason: 'first_sale',
  }) satisfies StageChangedEvent;

const STATE: CustomerStateEvent = {
  type: 'customer-state',
  ...envelope('s5', '2026-02-01T00:00:00.000Z'),
  tier: 'gold',
  tierSince: '2026-02-01T00:00:00.000Z',
  stage: 'repeat',
  stageSince: '2026-01-01T00:00:00.000Z',
  churnLevel: 'low',
  churnSince: '2026-01-01T00:00:00.000Z',
  walletBand: null,
  walletBandSince: null,
  pyramidLevel: 'gold',
  pyramidLevelSince: '2026-02-01T00:00:00.000Z',
  changes: 5,
};

const walletShare = (
  eventId: string,
  previousBand: WalletShareChangedEvent['newBand'] | null,
  newBand: WalletShareChangedEvent['newBand'],
  share: number,
) =>
  ({
    type: 'wallet-share-changed',
    ...envelope(eventId),
    previousBand,
    newBand,
    share,
    spendMinor: Math.round(share * 400_000),
    walletMinor: 400_000,
    currency: 'EUR',
  }) satisfies WalletShareChangedEvent;

const pyramidLevel = (
  eventId: string,
  previousLevel: PyramidLevelChangedEvent['newLevel'] | null,
  newLevel: PyramidLevelChangedEvent['newLevel'],
  correction = false,
) =>
  ({
    type: 'pyramid-level-changed',
    ...envelope(eventId, '2026-03-01T00:00:00.000Z'),
    correction,
    previousLevel,
    newLevel,
    valueMinor: 650_000,
    cutoffs: { platinumMinor: 612_480, goldMinor: 147_930, ironMinor: 41_260 },
    customers: 2_000,
    currency: 'EUR',
  }) satisfies PyramidLevelChangedEvent;

type Change =
  | TierChangedEvent
  | StageChangedEvent
  | ChurnRiskEvent
  | WalletShareChangedEvent
  | PyramidLevelChangedEvent;

const lines = (view: MarketingView, ...steps: [Change, number?][]) =>
  steps.flatMap(([event, at]) => view.apply(event, at ?? 1).actions.map(describeAction));

describe('MarketingView', () => {
  it('welcomes an upgrade to gold or platinum once, however often the event is delivered', () => {
    const view = new MarketingView();
    const upgrade = tier('t2', 'iron', 'gold');
    expect(lines(view, [tier('t1', null, 'iron')], [upgrade], [upgrade])).toEqual(['welcome c1 to gold']);
    expect(view.get('c1')?.tier).toBe('gold');
    expect(view.outcomes).toMatchObject({ applied: 2, duplicate: 1 });
  });

  it('apologises for a correction that lowers the tier, and welcomes one that raises it', () => {
    const view = new MarketingView();
    view.load(STATE);
    expect(lines(view, [tier('t6', 'gold', 'iron', true)], [tier('t7', 'iron', 'platinum', true)])).toEqual([
      'apologise to c1 and re-evaluate: the tier is iron, not gold',
      'welcome c1 to platinum',
    ]);
    expect(view.get('c1')?.tier).toBe('platinum');
  });

  it('starts the win-back flow when churn risk turns high and stops it when it falls', () => {
    const view = new MarketingView();
    view.load(STATE);
    expect(lines(view, [churn('r1', 'low', 'high')], [churn('r2', 'high', 'medium')])).toEqual([
      'send c1 a win-back offer (p_alive_below_0.3)',
      'stop the win-back flow of c1',
    ]);
  });

  it('offers a cross-sell when the share of wallet falls to low, once', () => {
    const view = new MarketingView();
    view.load(STATE);
    expect(
      lines(
        view,
        [walletShare('w1', null, 'medium', 0.3)],
        [walletShare('w2', 'medium', 'low', 0.15)],
        [walletShare('w2', 'medium', 'low', 0.15)],
        [walletShare('w3', 'low', 'high', 0.6)],
      ),
    ).toEqual(['offer c1 a cross-sell (share of wallet 0.15)']);
    expect(view.get('c1')).toMatchObject({ walletBand: 'high', walletBandSince: '2026-03-01T10:00:00.000Z' });
  });

  it('thanks a customer who rises to platinum in the value pyramid, once', () => {
    const view = new MarketingView();
    view.load(STATE);
    expect(
      lines(
        view,
        [pyramidLevel('l1', 'gold', 'platinum')],
        [pyramidLevel('l1', 'gold', 'platinum')],
        // Late input: the customer was gold at that epoch after all; nothing to thank again for.
        [pyramidLevel('l2', 'platinum', 'gold', true)],
        [pyramidLevel('l3', 'gold', 'iron')],
      ),
    ).toEqual(['thank c1 as a top customer (platinum in the value pyramid)']);
    expect(view.get('c1')).toMatchObject({
      pyramidLevel: 'iron',
      pyramidLevelSince: '2026-03-01T00:00:00.000Z',
    });
    expect(view.outcomes).toMatchObject({ applied: 3, duplicate: 1 });
  });

  it('does not thank again for platinum the bootstrapped state already holds', () => {
    const view = new MarketingView();
    view.load({ ...STATE, pyramidLevel: 'platinum' });
    expect(view.apply(pyramidLevel('l1', 'gold', 'platinum'), 1)).toEqual({
      outcome: 'already_held',
      actions: [],
    });
  });

  it('thanks a first-time buyer and enrols a new client', () => {
    const view = new MarketingView();
    expect(
      lines(
        view,
        [stage('g1', null, 'first_time')],
        [stage('g2', 'first_time', 'repeat')],
        [stage('g3', 'repeat', 'client')],
      ),
    ).toEqual(['thank c1 for their first purchase', 'enrol c1 in the client programme']);
  });

  it('takes no action for a change the bootstrapped state already reflects', () => {
    const view = new MarketingView();
    view.load(STATE);
    const outcome = view.apply(tier('t5', 'iron', 'gold'), 1);
    expect(outcome).toEqual({ outcome: 'already_held', actions: [] });
  });

  it('applies the newest change after a gap, judged against what it held', () => {
    const view = new MarketingView();
    view.load(STATE);
    const outcome = view.apply(churn('r1', 'medium', 'high'), 1);
    expect(outcome.outcome).toBe('applied_after_gap');
    expect(view.get('c1')?.churnLevel).toBe('high');
    expect(outcome.actions.map((a) => a.type)).toEqual(['send-win-back-offer']);
  });

  it('removes an erased customer and drops their changes written before the tombstone', () => {
    const view = new MarketingView();
    view.load(STATE);
    expect(view.erase('c1', 1_000).map(describeAction)).toEqual(['remove c1 from every list (erased)']);
    expect(view.get('c1')).toBeUndefined();
    expect(lines(view, [churn('r1', 'low', 'high'), 999])).toEqual([]);
    expect(view.outcomes.erased).toBe(1);
    // A returning customer starts again from nothing.
    expect(lines(view, [tier('t1', null, 'gold'), 2_000])).toEqual(['welcome c1 to gold']);
    expect(view.get('c1')).toMatchObject({ tier: 'gold', stage: null, churnLevel: null });
  });
});
