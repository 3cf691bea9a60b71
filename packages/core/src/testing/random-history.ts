import {
  CAMPAIGN_RESPONSES,
  type CampaignResponse,
  COMPLAINT_SEVERITIES,
  type ComplaintStatus,
  type HistoryEntry,
  type Millis,
} from '../history.js';
import { DAY_MS } from '../time.js';

const ENGAGEMENT_RESPONSES: readonly CampaignResponse[] = CAMPAIGN_RESPONSES.filter(
  (response) => response !== 'unsubscribed',
);

/** A seeded generator of floats in [0, 1) (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [low, high]. */
export function randomInt(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** The same entries in a random order. */
export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const left = copy[i];
    const right = copy[j];
    if (left === undefined || right === undefined) continue;
    copy[i] = right;
    copy[j] = left;
  }
  return copy;
}

/**
 * A random customer history over `spanDays` from `start`: sales (some sharing an order, a day
 * or a millisecond), returns, complaints that open, escalate, resolve and reopen, campaign
 * responses and wallet estimates. Amounts straddle the tier thresholds so that tiers move both ways.
 */
export function randomHistory(
  random: () => number,
  start: Millis,
  spanDays: number,
  size: number,
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const time = (): Millis => start + Math.floor(random() * spanDays * DAY_MS);
  let id = 0;
  const eventId = (): string => `ev-${(id++).toString(36)}-${randomInt(random, 0, 999)}`;
  const orders: string[] = [];
  let lastAt = start;
  for (let i = 0; i < size; i++) {
    const roll = random();
    // Some entries reuse the previous moment or day, to exercise ties and same-day sales.
    const at = roll < 0.1 ? lastAt : roll < 0.2 ? lastAt + randomInt(random, 1, 3_600_000) : time();
    lastAt = at;
    const kind = random();
    if (kind < 0.5) {
      const orderId = orders.length > 0 && random() < 0.2 ? pick(random, orders) : `o${i}`;
      orders.push(orderId);
      entries.push({
        kind: 'purchase',
        eventId: eventId(),
        at,
        orderId,
        type: 'sale',
        amountMinor: pick(random, [1_000, 9_999, 15_000, 40_000, 80_000, 150_000, 200_000]),
        categories: [pick(random, ['shoes', 'bags', 'toys', 'food'])],
      });
    } else if (kind < 0.6) {
      entries.push({
        kind: 'purchase',
        eventId: eventId(),
        at,
        orderId: orders.length > 0 ? pick(random, orders) : 'none',
        type: 'return',
        amountMinor: pick(random, [500, 5_000, 20_000, 100_000]),
        categories: [],
      });
    } else if (kind < 0.8) {
      const complaintId = `c${randomInt(random, 1, 3)}`;
      const status: ComplaintStatus = pick(random, ['opened', 'opened', 'escalated', 'resolved', 'reopened']);
      entries.push({
        kind: 'complaint',
        eventId: eventId(),
        at,
        complaintId,
        status,
        severity: pick(random, COMPLAINT_SEVERITIES),
        ...(status === 'resolved' && random() < 0.8 ? { satisfaction: randomInt(random, 1, 5) } : {}),
      });
    } else if (kind < 0.95) {
      // Unsubscribing pins churn at high for good, so it stays rare enough to leave P(alive) visible.
      const response = random() < 0.15 ? 'unsubscribed' : pick(random, ENGAGEMENT_RESPONSES);
      entries.push({ kind: 'campaign', eventId: eventId(), at, response });
    } else {
      // Wallets around the amounts above, so that the share crosses every band both ways.
      const walletMinor = pick(random, [20_000, 100_000, 400_000, 1_500_000]);
      entries.push({ kind: 'wallet', eventId: eventId(), at, walletMinor });
    }
  }
  return entries;
}
