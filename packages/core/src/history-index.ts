import { type ComplaintHistory, complaintHistory } from './complaints.js';
import type {
  CampaignEntry,
  ComplaintEntry,
  HistoryEntry,
  Millis,
  PurchaseEntry,
  WalletEntry,
} from './history.js';
import { orderedHistory } from './history.js';

/**
 * One customer's history sorted and split once, so that every rule can be evaluated at many
 * moments by binary search instead of rescanning the entries.
 */
export interface HistoryIndex {
  /** Every entry once, in the total order (at, eventId). */
  readonly entries: readonly HistoryEntry[];
  /** The distinct entry times, ascending. */
  readonly entryTimes: readonly Millis[];
  readonly purchases: readonly PurchaseEntry[];
  /** Sales only (returns excluded), in time order. */
  readonly sales: readonly PurchaseEntry[];
  readonly saleTimes: readonly Millis[];
  readonly firstSaleAt: Millis | undefined;
  readonly campaigns: readonly CampaignEntry[];
  /** Wallet estimates, in the total order. */
  readonly wallets: readonly WalletEntry[];
  readonly complaints: ComplaintHistory;
}

/** Sorts and splits a history (any order, redelivered copies allowed). */
export function indexHistory(history: readonly HistoryEntry[]): HistoryIndex {
  const entries = orderedHistory(history);
  const entryTimes: Millis[] = [];
  const purchases: PurchaseEntry[] = [];
  const campaigns: CampaignEntry[] = [];
  const complaintEntries: ComplaintEntry[] = [];
  const wallets: WalletEntry[] = [];
  for (const entry of entries) {
    if (entryTimes[entryTimes.length - 1] !== entry.at) entryTimes.push(entry.at);
    if (entry.kind === 'purchase') purchases.push(entry);
    else if (entry.kind === 'campaign') campaigns.push(entry);
    else if (entry.kind === 'complaint') complaintEntries.push(entry);
    else wallets.push(entry);
  }
  const sales = purchases.filter((purchase) => purchase.type === 'sale');
  const saleTimes = sales.map((sale) => sale.at);
  return {
    entries,
    entryTimes,
    purchases,
    sales,
    saleTimes,
    firstSaleAt: saleTimes[0],
    campaigns,
    wallets,
    complaints: complaintHistory(complaintEntries),
  };
}
