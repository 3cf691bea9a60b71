import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import type { HistoryEntry, Millis } from './history.js';
import { RulesSchema } from './rules.js';
import { campaign, complaint, day, refund, sale, T0 } from './testing/entries.js';
import { DAY_MS } from './time.js';

const stageOf = (history: readonly HistoryEntry[], t: Millis) => evaluate(history, t).stage;

describe('stage without a sale', () => {
  it('is undefined before any entry', () => {
    expect(stageOf([], T0)).toBeUndefined();
    expect(stageOf([campaign(T0, 'delivered')], T0 - 1)).toBeUndefined();
  });

  it('is suspect once any event is known', () => {
    expect(stageOf([campaign(T0, 'delivered')], T0)).toBe('suspect');
    expect(stageOf([campaign(T0, 'bounced')], T0)).toBe('suspect');
    expect(stageOf([complaint(T0, 'c', 'opened')], T0)).toBe('suspect');
    expect(stageOf([refund(T0, 100)], T0)).toBe('suspect');
  });

  it.each(['opened', 'clicked', 'converted'] as const)('is prospect after %s', (response) => {
    expect(stageOf([campaign(T0, 'delivered'), campaign(day(1), response)], day(1))).toBe('prospect');
  });

  it('is disqualified after unsubscribing, even when engaged before', () => {
    const history = [campaign(T0, 'clicked'), campaign(day(1), 'unsubscribed')];
    expect(stageOf(history, day(1) - 1)).toBe('prospect');
    expect(stageOf(history, day(1))).toBe('disqualified');
  });
});

describe('stage with a sale', () => {
  it('is first_time after the first sale, unsubscribed or not', () => {
    expect(stageOf([sale(T0, 100)], T0)).toBe('first_time');
    expect(stageOf([campaign(T0, 'unsubscribed'), sale(day(1), 100)], day(1))).toBe('first_time');
  });

  it('is repeat from the second distinct order on, and never falls back', () => {
    const history = [sale(T0, 100, { orderId: 'a' }), sale(day(1), 100, { orderId: 'a' }), sale(day(2), 100)];
    expect(stageOf(history, day(1))).toBe('first_time');
    expect(stageOf(history, day(2))).toBe('repeat');
    expect(stageOf(history, day(5000))).toBe('repeat');
  });

  it('is client with 4 distinct orders in the window, until one leaves it', () => {
    const history = [0, 10, 20, 30].map((d) => sale(day(d), 100));
    expect(stageOf(history, day(30) - 1)).toBe('repeat');
    expect(stageOf(history, day(30))).toBe('client');
    expect(stageOf(history, day(365) - 1)).toBe('client');
    expect(stageOf(history, day(365))).toBe('repeat');
  });

  it('counts an order while any of its sales is in the window', () => {
    const history = [
      sale(day(0), 100, { orderId: 'a' }),
      sale(day(200), 100, { orderId: 'a' }),
      sale(day(300), 100),
      sale(day(310), 100),
      sale(day(320), 100),
    ];
    expect(stageOf(history, day(400))).toBe('client');
    expect(stageOf(history, day(565) - 1)).toBe('client');
    expect(stageOf(history, day(565))).toBe('repeat');
  });

  it('is advocate while a client with a referral in the window', () => {
    const history = [
      campaign(T0 - 10 * DAY_MS, 'referred'),
      ...[0, 10, 20, 30].map((d) => sale(day(d), 100)),
    ];
    expect(stageOf(history, day(30))).toBe('advocate');
    expect(stageOf(history, day(355) - 1)).toBe('advocate');
    expect(stageOf(history, day(355))).toBe('client');
  });

  it('needs client for advocate', () => {
    const history = [sale(T0, 100), sale(day(1), 100), campaign(day(2), 'referred')];
    expect(stageOf(history, day(2))).toBe('repeat');
  });

  it('follows configured order counts', () => {
    const rules = RulesSchema.parse({ stage: { clientMinOrdersInWindow: 2, repeatMinOrders: 2 } });
    expect(evaluate([sale(T0, 1), sale(day(1), 1)], day(1), rules).stage).toBe('client');
  });
});
