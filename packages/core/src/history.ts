/** Event time: epoch milliseconds, whole numbers. */
export type Millis = number;

export const CAMPAIGN_RESPONSES = [
  'delivered',
  'opened',
  'clicked',
  'converted',
  'unsubscribed',
  'bounced',
  'referred',
] as const;
export type CampaignResponse = (typeof CAMPAIGN_RESPONSES)[number];

export const COMPLAINT_STATUSES = ['opened', 'escalated', 'resolved', 'reopened'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

/** A sale or a return; a return subtracts its amount from spend. */
export interface PurchaseEntry {
  readonly kind: 'purchase';
  readonly eventId: string;
  readonly at: Millis;
  /** Tells the customer's orders apart (the aggregator keeps a short hash of the order id). */
  readonly orderId: string;
  readonly type: 'sale' | 'return';
  /** Integer minor units, >= 0; the sign comes from `type`. */
  readonly amountMinor: number;
  readonly categories: readonly string[];
}

/** One status change of a complaint; `satisfaction` (1-5) comes with 'resolved'. */
export interface ComplaintEntry {
  readonly kind: 'complaint';
  readonly eventId: string;
  readonly at: Millis;
  readonly complaintId: string;
  readonly status: ComplaintStatus;
  readonly severity: ComplaintSeverity;
  readonly satisfaction?: number;
}

/** One response of the customer to a marketing campaign. */
export interface CampaignEntry {
  readonly kind: 'campaign';
  readonly eventId: string;
  readonly at: Millis;
  readonly response: CampaignResponse;
}

/** An estimate of the customer's wallet; it replaces the earlier ones from `at` on. */
export interface WalletEntry {
  readonly kind: 'wallet';
  readonly eventId: string;
  readonly at: Millis;
  /** A year's spend on the shops' categories at every retailer, minor units, > 0. */
  readonly walletMinor: number;
}

/** One event of a customer's history, as the aggregator stores it. */
export type HistoryEntry = PurchaseEntry | ComplaintEntry | CampaignEntry | WalletEntry;

/** The total order every rule reads entries in: event time, then eventId (code-unit order, not locale). */
export function compareEntries(left: HistoryEntry, right: HistoryEntry): number {
  if (left.at !== right.at) return left.at - right.at;
  if (left.eventId === right.eventId) return 0;
  return left.eventId < right.eventId ? -1 : 1;
}

/**
 * Returns the entries in the total order, one per event: a redelivered copy (same eventId,
 * same time) must not count twice. A history kept in order, as the aggregator keeps it, is
 * only checked, not sorted again.
 */
export function orderedHistory(history: readonly HistoryEntry[]): HistoryEntry[] {
  let ordered = true;
  for (let i = 1; i < history.length && ordered; i++) {
    ordered = compareEntries(history[i - 1] as HistoryEntry, history[i] as HistoryEntry) < 0;
  }
  if (ordered) return history.slice();
  const sorted = [...history].sort(compareEntries);
  // Sorted by (time, eventId), the copies of one event lie side by side.
  return sorted.filter((entry, i) => i === 0 || compareEntries(sorted[i - 1] as HistoryEntry, entry) !== 0);
}
