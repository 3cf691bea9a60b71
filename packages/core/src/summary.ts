import { complaintHistory, isOpenAt } from './complaints.js';
import {
  CAMPAIGN_RESPONSES,
  type CampaignResponse,
  type ComplaintEntry,
  type HistoryEntry,
  type Millis,
  orderedHistory,
  type PurchaseEntry,
} from './history.js';
import { daysMs, HOUR_MS, utcDay } from './time.js';

/** Net spend and distinct sale orders with `at` in (t - days, t]. */
export interface TrailingActivity {
  readonly netSpendMinor: number;
  readonly saleOrders: number;
}

export interface ComplaintSummary {
  /** Complaints open at t. */
  readonly open: number;
  /** Distinct complaints. */
  readonly total: number;
  /** The start of the latest open spell (opened or reopened). */
  readonly lastOpenedAt?: Millis;
  /** Mean length of the resolved open spells, in hours. */
  readonly meanHoursToResolve?: number;
  /** Mean satisfaction over resolutions that carry one. */
  readonly meanSatisfaction?: number;
}

/** The aggregates an operator's customer profile shows, as of one moment. */
export interface CustomerSummary {
  readonly asOf: Millis;
  /** Sales only: a return is not a purchase. */
  readonly firstPurchaseAt?: Millis;
  readonly lastPurchaseAt?: Millis;
  /** Distinct orders with a sale. */
  readonly saleOrders: number;
  /** Distinct UTC calendar days with a sale. */
  readonly purchaseDays: number;
  /** Sales minus returns, ever. */
  readonly lifetimeNetRevenueMinor: number;
  readonly trailing: {
    readonly days30: TrailingActivity;
    readonly days90: TrailingActivity;
    readonly days365: TrailingActivity;
  };
  /** Lifetime net revenue per sale order, rounded half up to a whole minor unit. */
  readonly averageOrderValueMinor?: number;
  /** Distinct categories of sales, sorted. */
  readonly categories: readonly string[];
  readonly complaints: ComplaintSummary;
  readonly campaignResponses: Readonly<Record<CampaignResponse, number>>;
  readonly unsubscribed: boolean;
  readonly referrals: number;
}

function signedAmount(purchase: PurchaseEntry): number {
  return purchase.type === 'sale' ? purchase.amountMinor : -purchase.amountMinor;
}

function trailing(purchases: readonly PurchaseEntry[], t: Millis, days: number): TrailingActivity {
  const since = t - daysMs(days);
  const inWindow = purchases.filter((purchase) => purchase.at > since);
  return {
    netSpendMinor: inWindow.reduce((sum, purchase) => sum + signedAmount(purchase), 0),
    saleOrders: new Set(inWindow.filter((p) => p.type === 'sale').map((p) => p.orderId)).size,
  };
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The profile aggregates of a history (any order) counting the entries with `at` <= t. */
export function customerSummary(history: readonly HistoryEntry[], t: Millis): CustomerSummary {
  const entries = orderedHistory(history).filter((entry) => entry.at <= t);
  const purchases: PurchaseEntry[] = [];
  const complaintEntries: ComplaintEntry[] = [];
  const campaignResponses = Object.fromEntries(CAMPAIGN_RESPONSES.map((response) => [response, 0])) as Record<
    CampaignResponse,
    number
  >;
  for (const entry of entries) {
    if (entry.kind === 'purchase') purchases.push(entry);
    else if (entry.kind === 'complaint') complaintEntries.push(entry);
    else if (entry.kind === 'campaign') campaignResponses[entry.response] += 1;
  }
  const sales = purchases.filter((purchase) => purchase.type === 'sale');
  const saleOrders = new Set(sales.map((sale) => sale.orderId)).size;
  const lifetimeNetRevenueMinor = purchases.reduce((sum, purchase) => sum + signedAmount(purchase), 0);
  const complaints = complaintHistory(complaintEntries);
  const resolvedSpells = complaints.spells.filter((spell) => spell.end <= t);
  const firstPurchaseAt = sales[0]?.at;
  const lastPurchaseAt = sales[sales.length - 1]?.at;
  const lastOpenedAt = complaints.spells.reduce<Millis | undefined>(
    (latest, spell) => (latest === undefined || spell.start > latest ? spell.start : latest),
    undefined,
  );
  const meanHoursToResolve = mean(resolvedSpells.map((spell) => (spell.end - spell.start) / HOUR_MS));
  const meanSatisfaction = mean(
    complaints.resolutions.flatMap((resolution) =>
      resolution.satisfaction === undefined ? [] : [resolution.satisfaction],
    ),
  );
  return {
    asOf: t,
    ...(firstPurchaseAt !== undefined && { firstPurchaseAt }),
    ...(lastPurchaseAt !== undefined && { lastPurchaseAt }),
    saleOrders,
    purchaseDays: new Set(sales.map((sale) => utcDay(sale.at))).size,
    lifetimeNetRevenueMinor,
    trailing: {
      days30: trailing(purchases, t, 30),
      days90: trailing(purchases, t, 90),
      days365: trailing(purchases, t, 365),
    },
    ...(saleOrders > 0 && { averageOrderValueMinor: Math.round(lifetimeNetRevenueMinor / saleOrders) }),
    categories: [...new Set(sales.flatMap((sale) => sale.categories))].sort(),
    complaints: {
      open: new Set(complaints.spells.filter((spell) => isOpenAt(spell, t)).map((spell) => spell.complaintId))
        .size,
      total: new Set(complaintEntries.map((entry) => entry.complaintId)).size,
      ...(lastOpenedAt !== undefined && { lastOpenedAt }),
      ...(meanHoursToResolve !== undefined && { meanHoursToResolve }),
      ...(meanSatisfaction !== undefined && { meanSatisfaction }),
    },
    campaignResponses,
    unsubscribed: campaignResponses.unsubscribed > 0,
    referrals: campaignResponses.referred,
  };
}
