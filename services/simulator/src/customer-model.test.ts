import {
  type CampaignResponseEvent,
  type ComplaintEvent,
  type InputEvent,
  ParserConfigSchema,
  type PurchaseEvent,
  parseInputMessage,
} from '@loyalty/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from './clock.js';
import { generateTraffic } from './traffic.js';

// The population the model must produce, checked on the events a run emits: the pyramid,
// the four tiers (and falls between them), returns, complaints and referrals.

const START = '2025-01-01';
const DAYS = 430;
const WINDOW_MS = 365 * DAY_MS;
/** Tier thresholds on 365-day net spend, in euro cents: platinum, gold, iron; else lead. */
const TIERS = [200_000, 80_000, 15_000] as const;

function tierOf(spendMinor: number): number {
  const index = TIERS.findIndex((threshold) => spendMinor >= threshold);
  return index < 0 ? 3 : index;
}

const purchases = new Map<string, PurchaseEvent[]>();
const complaints: ComplaintEvent[] = [];
const responses: CampaignResponseEvent[] = [];
const firstSeen = new Map<string, number>();

beforeAll(() => {
  const options = { ...ParserConfigSchema.parse({}), nowMs: Date.now() };
  for (const message of generateTraffic({ seed: 3, customers: 4_000, start: START, durationDays: DAYS })) {
    const result = parseInputMessage(message.value, message, options);
    if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
    const event: InputEvent = result.event;
    if (!firstSeen.has(event.customerId)) firstSeen.set(event.customerId, message.occurredAtMs);
    if (event.type === 'purchase') {
      const list = purchases.get(event.customerId) ?? [];
      list.push(event);
      purchases.set(event.customerId, list);
    } else if (event.type === 'complaint') {
      complaints.push(event);
    } else if (event.type === 'campaign-response') {
      responses.push(event);
    }
  }
});

function netSpend(events: readonly PurchaseEvent[], fromMs: number, toMs: number): number {
  let sum = 0;
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (at > fromMs && at <= toMs) sum += e.kind === 'sale' ? e.totalMinor : -e.totalMinor;
  }
  return sum;
}

describe('the simulated population', () => {
  it('is a pyramid: the top 20% of buyers bring well over half the revenue', () => {
    const revenue = [...purchases.values()].map((list) => netSpend(list, 0, Number.MAX_SAFE_INTEGER));
    revenue.sort((a, b) => b - a);
    const total = revenue.reduce((s, x) => s + x, 0);
    const top = revenue.slice(0, Math.ceil(revenue.length * 0.2)).reduce((s, x) => s + x, 0);
    expect(top / total).toBeGreaterThan(0.6);
  });

  it('reaches all four tiers, and some customers fall as spend leaves the 365-day window', () => {
    const endMs = Date.parse(START) + DAYS * DAY_MS;
    const best = [0, 0, 0, 0];
    let fell = 0;
    for (const list of purchases.values()) {
      let top = 3;
      for (const e of list) {
        const at = Date.parse(e.occurredAt);
        top = Math.min(top, tierOf(netSpend(list, at - WINDOW_MS, at)));
      }
      best[top] = (best[top] ?? 0) + 1;
      if (tierOf(netSpend(list, endMs - WINDOW_MS, endMs)) > top) fell += 1;
    }
    const [platinum = 0, gold = 0, iron = 0, lead = 0] = best;
    // The pyramid by tier: a few platinum, more gold, many iron, most lead.
    expect(platinum).toBeGreaterThan(purchases.size * 0.01);
    expect(gold).toBeGreaterThan(platinum);
    expect(iron).toBeGreaterThan(gold);
    expect(lead).toBeGreaterThan(purchases.size * 0.3);
    expect(fell).toBeGreaterThan(purchases.size * 0.02);
  });

  it('returns lines of an earlier sale of the same customer, never more than was bought', () => {
    let returns = 0;
    for (const list of purchases.values()) {
      const sales = new Map(list.filter((e) => e.kind === 'sale').map((e) => [e.orderId, e]));
      for (const e of list) {
        if (e.kind !== 'return') continue;
        returns += 1;
        const sale = sales.get(e.returnOfOrderId);
        expect(sale).toBeDefined();
        if (sale === undefined) continue;
        expect(Date.parse(e.occurredAt)).toBeGreaterThan(Date.parse(sale.occurredAt));
        for (const line of e.lines) {
          const bought = sale.lines.find((l) => l.sku === line.sku);
          expect(line.quantity).toBeLessThanOrEqual(bought?.quantity ?? 0);
          expect(line.unitPriceMinor).toBe(bought?.unitPriceMinor);
        }
        expect(e.totalMinor).toBeLessThanOrEqual(sale.totalMinor);
      }
    }
    const sales = [...purchases.values()].flat().filter((e) => e.kind === 'sale').length;
    expect(returns / sales).toBeGreaterThan(0.02);
    expect(returns / sales).toBeLessThan(0.15);
  });

  it('files complaints that escalate sometimes, mostly get resolved with a score, some left open', () => {
    const byId = new Map<string, ComplaintEvent[]>();
    for (const c of complaints) byId.set(c.complaintId, [...(byId.get(c.complaintId) ?? []), c]);
    const lives = [...byId.values()];
    expect(lives.every((life) => life[0]?.status === 'opened')).toBe(true);
    const escalated = lives.filter((life) => life.some((c) => c.status === 'escalated')).length;
    const resolved = lives.filter((life) => life.some((c) => c.status === 'resolved')).length;
    const open = lives.filter((life) => life.at(-1)?.status !== 'resolved').length;
    expect(escalated).toBeGreaterThan(lives.length * 0.05);
    expect(resolved).toBeGreaterThan(lives.length * 0.6);
    expect(open).toBeGreaterThan(lives.length * 0.05);
    const scores = new Set(complaints.flatMap((c) => (c.status === 'resolved' ? [c.satisfaction] : [])));
    expect(scores).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('responds to campaigns in every way, and referrals name new customers who then show up', () => {
    expect(new Set(responses.map((r) => r.response))).toEqual(
      new Set(['delivered', 'opened', 'clicked', 'converted', 'unsubscribed', 'bounced', 'referred']),
    );
    const referrals = responses.flatMap((r) => (r.response === 'referred' ? [r] : []));
    expect(referrals.length).toBeGreaterThan(10);
    let arrived = 0;
    for (const r of referrals) {
      expect(r.referredCustomerId).not.toBe(r.customerId);
      const seen = firstSeen.get(r.referredCustomerId);
      if (seen === undefined) continue;
      // A referred customer is new: nothing of theirs comes before the referral.
      expect(seen).toBeGreaterThan(Date.parse(r.occurredAt));
      arrived += 1;
    }
    expect(arrived / referrals.length).toBeGreaterThan(0.5);
    const conversions = responses.flatMap((r) => (r.response === 'converted' ? [r] : []));
    expect(conversions.every((r) => (r.revenueMinor ?? 0) > 0)).toBe(true);
  });
});
