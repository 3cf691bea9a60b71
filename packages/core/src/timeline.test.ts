import { describe, expect, it } from 'vitest';
import { customerModel } from './customer-model.js';
import { type Evaluation, evaluate, evaluateModel } from './evaluate.js';
import type { HistoryEntry, Millis } from './history.js';
import { DEFAULT_RULES, RulesSchema } from './rules.js';
import { campaign, complaint, day, sale, T0 } from './testing/entries.js';
import { randomHistory, randomInt, seededRandom, shuffled } from './testing/random-history.js';
import { tierForSpend, tierRank } from './tier.js';
import { DAY_MS } from './time.js';
import { type AnnouncedValues, advance, changeCandidates, nextDueAt, transitions } from './timeline.js';
import { type Transition, transitionEventId } from './transition.js';

/** Everything of an evaluation that may change only at a candidate (P(alive) moves continuously). */
function stepValues(evaluation: Evaluation) {
  return {
    tier: evaluation.tier,
    stage: evaluation.stage,
    churn: evaluation.churn && {
      level: evaluation.churn.level,
      drivers: evaluation.churn.drivers,
      x: evaluation.churn.x,
      tx: evaluation.churn.tx,
    },
  };
}

const RANDOM_CASES = 150;
const caseHistory = (seed: number) => {
  const random = seededRandom(seed);
  return { random, history: randomHistory(random, T0, 700, randomInt(random, 3, 30)) };
};

describe('transitions of a scripted history', () => {
  it('emits each change at its exact moment with its reason', () => {
    const history = [
      campaign(day(-10), 'opened'),
      sale(T0, 20_000),
      sale(day(5), 60_000),
      sale(day(6), 5_000),
      sale(day(7), 5_000),
      complaint(day(8), 'c1', 'opened', 'low'),
      complaint(day(9), 'c1', 'resolved', 'low', 5),
    ];
    const found = transitions('cust-1', history, DEFAULT_RULES, -Infinity, day(1000)).map((t) => ({
      at: (t.effectiveAt - T0) / DAY_MS,
      kind: t.kind,
      previous: t.previous,
      next: t.next,
      reason: t.kind === 'wallet' ? undefined : t.reason,
    }));
    // The spend falls to 70,000 (iron) when the first sale leaves the window on day 365 and
    // to 10,000 (lead) when the second leaves on day 370; each shows 30 days later.
    expect(found.slice(0, 9)).toEqual([
      { at: -10, kind: 'stage', previous: null, next: 'prospect', reason: 'campaign_engagement' },
      { at: 0, kind: 'tier', previous: null, next: 'iron', reason: 'qualifying_spend' },
      { at: 0, kind: 'stage', previous: 'prospect', next: 'first_time', reason: 'first_sale' },
      { at: 0, kind: 'churn', previous: null, next: 'low', reason: 'no_risk_signals' },
      { at: 5, kind: 'tier', previous: 'iron', next: 'gold', reason: 'qualifying_spend' },
      { at: 5, kind: 'stage', previous: 'first_time', next: 'repeat', reason: 'repeat_order' },
      { at: 7, kind: 'stage', previous: 'repeat', next: 'client', reason: 'orders_in_window' },
      { at: 8, kind: 'churn', previous: 'low', next: 'medium', reason: 'complaint_open' },
      { at: 9, kind: 'churn', previous: 'medium', next: 'low', reason: 'no_risk_signals' },
    ]);
    const later = found.slice(9);
    // P(alive) decays after the last purchase day, long before the spend leaves the window.
    expect(later[0]).toMatchObject({
      kind: 'churn',
      previous: 'low',
      next: 'medium',
      reason: 'p_alive_below_0.6',
    });
    expect(later).toContainEqual({
      at: 365,
      kind: 'stage',
      previous: 'client',
      next: 'repeat',
      reason: 'repeat_order',
    });
    expect(later).toContainEqual({
      at: 365 + 30,
      kind: 'tier',
      previous: 'gold',
      next: 'iron',
      reason: 'grace_period_ended',
    });
    expect(later).toContainEqual({
      at: 370 + 30,
      kind: 'tier',
      previous: 'iron',
      next: 'lead',
      reason: 'grace_period_ended',
    });
  });

  it('carries the tier direction and the churn fields', () => {
    const history = [sale(T0, 15_000), sale(day(1), 200_000)];
    const [initial, , , upgrade] = transitions('c', history, DEFAULT_RULES, -Infinity, day(1));
    expect(initial).toMatchObject({ kind: 'tier', direction: 'initial', qualifyingSpendMinor: 15_000 });
    expect(upgrade).toMatchObject({ kind: 'tier', direction: 'upgrade', qualifyingSpendMinor: 215_000 });
    const churn = transitions('c', history, DEFAULT_RULES, day(1), day(1000)).find((t) => t.kind === 'churn');
    expect(churn).toMatchObject({ previous: 'low', next: 'medium', drivers: ['p_alive_below_0.6'] });
    if (churn?.kind !== 'churn') throw new Error('expected a churn transition');
    expect(churn.score).toBeCloseTo(1 - churn.pAlive, 15);
    expect(churn.pAlive).toBeLessThanOrEqual(0.6);
  });

  it('gives deterministic ids derived from customer, kind, values and moment', () => {
    const history = [sale(T0, 15_000)];
    const [tier] = transitions('cust-9', history, DEFAULT_RULES, -Infinity, T0);
    expect(tier?.eventId).toBe(transitionEventId('cust-9', 'tier', null, 'iron', T0));
    expect(tier?.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(transitions('cust-9', history, DEFAULT_RULES, -Infinity, T0)[0]?.eventId).toBe(tier?.eventId);
  });
});

describe('transitionEventId', () => {
  it('differs when any part differs', () => {
    const base = transitionEventId('c', 'tier', 'iron', 'gold', 1);
    expect(
      new Set([
        base,
        transitionEventId('d', 'tier', 'iron', 'gold', 1),
        transitionEventId('c', 'stage', 'iron', 'gold', 1),
        transitionEventId('c', 'tier', null, 'gold', 1),
        transitionEventId('c', 'tier', 'null', 'gold', 1),
        transitionEventId('c', 'tier', 'iron', 'platinum', 1),
        transitionEventId('c', 'tier', 'iron', 'gold', 2),
      ]).size,
    ).toBe(7);
  });
});

describe('nextDueAt', () => {
  it('walks a silent single-purchase customer through its timers', () => {
    const history = [sale(T0, 15_000)];
    expect(nextDueAt(history, DEFAULT_RULES, T0 - 1)).toBe(T0);
    expect(nextDueAt(history, DEFAULT_RULES, T0)).toBe(day(180));
    expect(nextDueAt(history, DEFAULT_RULES, day(180))).toBe(day(365));
    expect(nextDueAt(history, DEFAULT_RULES, day(365))).toBe(day(395));
    expect(nextDueAt(history, DEFAULT_RULES, day(395))).toBeUndefined();
  });

  it('is where the next transition of a silent customer happens', () => {
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const { history } = caseHistory(seed);
      const lastEntryAt = Math.max(...history.map((entry) => entry.at));
      const first = transitions('c', history, DEFAULT_RULES, lastEntryAt, Number.MAX_SAFE_INTEGER)[0];
      if (first === undefined) continue;
      const due = nextDueAt(history, DEFAULT_RULES, lastEntryAt);
      expect(due).toBeDefined();
      expect(due).toBeLessThanOrEqual(first.effectiveAt);
    }
  });
});

describe('the timeline over random histories', () => {
  it('has every change of value at a candidate', () => {
    let probes = 0;
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const { random, history } = caseHistory(seed);
      const model = customerModel(history, DEFAULT_RULES);
      const candidates = changeCandidates(history, DEFAULT_RULES, -Infinity, Infinity);
      const valueAt = (t: Millis) => stepValues(evaluateModel(model, t));
      const check = (t: Millis) => {
        const previousIndex = candidates.findLastIndex((at) => at <= t);
        const previous = candidates[previousIndex];
        const expected = previous === undefined ? valueAt(-Infinity) : valueAt(previous);
        expect(valueAt(t), `seed ${seed}, t ${t}, previous candidate ${previous}`).toEqual(expected);
        probes++;
      };
      for (let i = 0; i < 60; i++) check(T0 - DAY_MS + Math.floor(random() * 1_600 * DAY_MS));
      // The millisecond before each candidate must still hold the value of the one before it.
      for (const at of candidates) check(at - 1);
    }
    expect(probes).toBeGreaterThan(RANDOM_CASES * 60);
  });

  it('emits exactly the changes that evaluate shows', () => {
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const { history } = caseHistory(seed);
      for (const change of transitions('c', history, DEFAULT_RULES, -Infinity, Infinity)) {
        const before = evaluate(history, change.effectiveAt - 1);
        const after = evaluate(history, change.effectiveAt);
        const value = (evaluation: Evaluation) =>
          change.kind === 'tier'
            ? evaluation.tier?.tier
            : change.kind === 'stage'
              ? evaluation.stage
              : change.kind === 'churn'
                ? evaluation.churn?.level
                : evaluation.wallet?.band;
        expect(value(before) ?? null).toBe(change.previous);
        expect(value(after)).toBe(change.next);
        expect(change.previous).not.toBe(change.next);
      }
    }
  });

  it('gives the same results for any order of the entries, and for redelivered copies', () => {
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const { random, history } = caseHistory(seed);
      const reordered = shuffled(random, [...history, ...history.slice(0, 3)]);
      const expected = transitions('c', history, DEFAULT_RULES, -Infinity, Infinity);
      expect(transitions('c', reordered, DEFAULT_RULES, -Infinity, Infinity)).toEqual(expected);
      const t = T0 + Math.floor(random() * 900 * DAY_MS);
      expect(evaluate(reordered, t)).toEqual(evaluate(history, t));
    }
  });

  it('gives the same transitions whether a range is processed at once or in pieces', () => {
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const { random, history } = caseHistory(seed);
      const cuts = [-Infinity, ...Array.from({ length: 5 }, () => T0 + Math.floor(random() * 1_200 * DAY_MS))]
        .sort((left, right) => left - right)
        .concat(Infinity);
      const pieces = cuts
        .slice(1)
        .flatMap((to, i) => transitions('c', history, DEFAULT_RULES, cuts[i] ?? to, to));
      expect(pieces).toEqual(transitions('c', history, DEFAULT_RULES, -Infinity, Infinity));
    }
  });

  it('agrees with the tier and stage rules written out naively', () => {
    const yearMs = 365 * DAY_MS;
    const rules = DEFAULT_RULES;
    for (let seed = 1; seed <= RANDOM_CASES; seed++) {
      const { random, history } = caseHistory(seed);
      const purchases = history.filter((entry) => entry.kind === 'purchase');
      const sales = purchases.filter((purchase) => purchase.type === 'sale');
      const firstSaleAt = Math.min(...sales.map((s) => s.at));
      const spendAt = (s: Millis) =>
        purchases
          .filter((p) => p.at <= s && p.at > s - yearMs)
          .reduce((sum, p) => sum + (p.type === 'sale' ? p.amountMinor : -p.amountMinor), 0);
      const noComplaints = history.filter((entry) => entry.kind !== 'complaint');
      for (let i = 0; i < 20; i++) {
        const t = T0 + Math.floor(random() * 1_200 * DAY_MS);
        // The highest qualifying tier over [t - 30d, t]: it can only peak at t - 30d, the first
        // sale, or a moment where a purchase enters or leaves the window.
        const from = Math.max(t - 30 * DAY_MS, firstSaleAt);
        const moments = [from, t, ...purchases.flatMap((p) => [p.at, p.at + yearMs])].filter(
          (s) => s >= from && s <= t,
        );
        const naiveTier =
          t < firstSaleAt
            ? undefined
            : moments
                .map((s) => tierForSpend(spendAt(s), rules.tier))
                .reduce((best, tier) => (tierRank(tier) > tierRank(best) ? tier : best), 'lead' as const);
        const evaluation = evaluate(noComplaints, t);
        expect(evaluation.tier?.tier, `seed ${seed} t ${t}`).toBe(naiveTier);
        expect(evaluation.tier?.qualifyingSpendMinor ?? spendAt(t)).toBe(spendAt(t));
        const salesBy = sales.filter((s) => s.at <= t);
        const ordersInYear = new Set(salesBy.filter((s) => s.at > t - yearMs).map((s) => s.orderId)).size;
        const referred = noComplaints.some(
          (e) => e.kind === 'campaign' && e.response === 'referred' && e.at <= t && e.at > t - yearMs,
        );
        const byT = (response: string) =>
          noComplaints.some((e) => e.kind === 'campaign' && e.response === response && e.at <= t);
        const naiveStage = !noComplaints.some((e) => e.at <= t)
          ? undefined
          : salesBy.length > 0
            ? ordersInYear >= 4
              ? referred
                ? 'advocate'
                : 'client'
              : new Set(salesBy.map((s) => s.orderId)).size >= 2
                ? 'repeat'
                : 'first_time'
            : byT('unsubscribed')
              ? 'disqualified'
              : byT('opened') || byT('clicked') || byT('converted')
                ? 'prospect'
                : 'suspect';
        expect(evaluation.stage, `seed ${seed} t ${t}`).toBe(naiveStage);
      }
    }
  });

  it('stays complete under other rules', () => {
    const rules = RulesSchema.parse({
      tier: { downgradeGraceDays: 3, qualificationWindowDays: 40 },
      stage: { windowDays: 20, clientMinOrdersInWindow: 2 },
      churn: {
        singlePurchaseMediumDays: 5,
        singlePurchaseHighDays: 9,
        severeComplaintOpenDays: 1,
        highMaxPAlive: 0.5,
      },
    });
    for (let seed = 1; seed <= 50; seed++) {
      const { random, history } = caseHistory(seed);
      const candidates = changeCandidates(history, rules, -Infinity, Infinity);
      for (let i = 0; i < 60; i++) {
        const t = T0 + Math.floor(random() * 800 * DAY_MS);
        const previous = candidates.findLast((at) => at <= t) ?? -Infinity;
        expect(stepValues(evaluate(history, t, rules))).toEqual(
          stepValues(evaluate(history, previous, rules)),
        );
      }
    }
  });
});

describe('changeCandidates', () => {
  it('lists the moments in (from, to] only, ascending and distinct', () => {
    const history: HistoryEntry[] = [sale(T0, 15_000), sale(T0, 1, { eventId: 'same-ms' })];
    expect(changeCandidates(history, DEFAULT_RULES, T0 - 1, T0)).toEqual([T0]);
    expect(changeCandidates(history, DEFAULT_RULES, T0, day(500))).toEqual([day(180), day(365), day(395)]);
    expect(changeCandidates(history, DEFAULT_RULES, day(180), day(365))).toEqual([day(365)]);
  });
});

describe('advance', () => {
  it('equals transitions, evaluate and nextDueAt taken one by one', () => {
    const random = seededRandom(99);
    for (let i = 0; i < 50; i++) {
      const history = randomHistory(random, T0, 500, randomInt(random, 1, 30));
      const from = T0 + randomInt(random, 0, 200) * DAY_MS;
      const to = from + randomInt(random, 1, 400) * DAY_MS;
      const step = advance('c', history, DEFAULT_RULES, { fromExclusive: from, toInclusive: to });
      expect(step.transitions).toEqual(transitions('c', history, DEFAULT_RULES, from, to));
      expect(step.evaluation).toEqual(evaluate(history, to, DEFAULT_RULES));
      expect(step.nextDueAt).toBe(nextDueAt(history, DEFAULT_RULES, to));
    }
  });

  it('with a measure of change, wakes at the first candidate where it changes and not before', () => {
    const random = seededRandom(101);
    const tierOf = (e: Evaluation) => e.tier?.tier ?? null;
    const tierChanged = (before: Evaluation, after: Evaluation) => tierOf(before) !== tierOf(after);
    let skipped = 0;
    for (let i = 0; i < 50; i++) {
      const history = randomHistory(random, T0, 500, randomInt(random, 1, 30));
      const to = T0 + randomInt(random, 0, 400) * DAY_MS;
      const step = advance('c', history, DEFAULT_RULES, {
        fromExclusive: -Infinity,
        toInclusive: to,
        changed: tierChanged,
      });
      const later = changeCandidates(history, DEFAULT_RULES, to, Infinity);
      const firstChange = later.find((at) => tierOf(evaluate(history, at)) !== tierOf(step.evaluation));
      expect(step.nextDueAt).toBe(firstChange);
      skipped += later.filter((at) => firstChange === undefined || at < firstChange).length;
    }
    expect(skipped, 'candidates passed over without a change').toBeGreaterThan(0);
  });
});

describe('advance with announced values (late input)', () => {
  type Told = { tier: string | null; stage: string | null; churn: string | null; wallet: string | null };
  // Plays a subscriber: follows every event, checking each one's previous against what it holds.
  function follow(told: Told, changes: readonly Transition[]): void {
    for (const change of changes) {
      expect(change.previous, `${change.kind} event ${change.eventId}`).toBe(told[change.kind]);
      told[change.kind] = change.next;
    }
  }
  const valuesOf = (e: Evaluation): Told => ({
    tier: e.tier?.tier ?? null,
    stage: e.stage ?? null,
    churn: e.churn?.level ?? null,
    wallet: e.wallet?.band ?? null,
  });

  it('corrects what late events changed, so the told values fold to the evaluation, without gaps', () => {
    const random = seededRandom(303);
    let corrected = 0;
    for (let i = 0; i < RANDOM_CASES; i++) {
      const history = randomHistory(random, T0, 700, randomInt(random, 3, 30));
      // Some events arrive after the watermark passed them: the first evaluation misses them.
      const late = new Set(history.filter(() => random() < 0.2));
      const early = history.filter((entry) => !late.has(entry));
      const first = T0 + randomInt(random, 100, 500) * DAY_MS;
      const second = first + randomInt(random, 0, 300) * DAY_MS;
      const told: Told = { tier: null, stage: null, churn: null, wallet: null };
      const one = advance('c', early, DEFAULT_RULES, { fromExclusive: -Infinity, toInclusive: first });
      follow(told, one.transitions);
      expect(told).toEqual(valuesOf(one.evaluation));
      const two = advance('c', history, DEFAULT_RULES, {
        fromExclusive: first,
        toInclusive: second,
        announced: told as AnnouncedValues,
        announcedCount: one.transitions.length,
      });
      follow(told, two.transitions);
      expect(told).toEqual(valuesOf(two.evaluation));
      const corrections = two.transitions.filter((t) => t.correction);
      corrected += corrections.length;
      // Corrections come first, one per kind at most, each at the moment its value took hold.
      expect(two.transitions.slice(0, corrections.length)).toEqual(corrections);
      expect(new Set(corrections.map((c) => c.kind)).size).toBe(corrections.length);
      for (const c of corrections) {
        expect(c.effectiveAt).toBeLessThanOrEqual(first);
        const held = evaluate(history, c.effectiveAt, DEFAULT_RULES);
        expect(valuesOf(held)[c.kind]).toBe(c.next);
      }
    }
    expect(corrected, 'corrections over all cases').toBeGreaterThan(10);
  });

  it('gives a correction the same id when repeated, and a new one once more was announced', () => {
    const history = [sale(T0, 20_000), sale(day(5), 60_000)];
    const told: AnnouncedValues = { tier: 'iron', stage: 'first_time', churn: 'low' };
    const request = { fromExclusive: day(10), toInclusive: day(10), announced: told, announcedCount: 3 };
    const [tier] = advance('c', history, DEFAULT_RULES, request).transitions;
    expect(tier).toMatchObject({
      kind: 'tier',
      correction: true,
      previous: 'iron',
      next: 'gold',
      direction: 'upgrade',
      effectiveAt: day(5),
    });
    expect(advance('c', history, DEFAULT_RULES, request).transitions[0]?.eventId).toBe(tier?.eventId);
    const later = advance('c', history, DEFAULT_RULES, { ...request, announcedCount: 5 }).transitions[0];
    expect(later?.eventId).not.toBe(tier?.eventId);
    expect(tier?.eventId).not.toBe(transitionEventId('c', 'tier', 'iron', 'gold', day(5)));
  });

  it('corrects nothing when the announced values still hold', () => {
    const history = [sale(T0, 20_000), sale(day(5), 60_000)];
    const told: AnnouncedValues = { tier: 'gold', stage: 'repeat', churn: 'low' };
    const step = advance('c', history, DEFAULT_RULES, {
      fromExclusive: day(10),
      toInclusive: day(11),
      announced: told,
    });
    expect(step.transitions.filter((t) => t.correction)).toEqual([]);
  });
});
