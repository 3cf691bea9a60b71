import type {
  CampaignEntry,
  CampaignResponse,
  ComplaintEntry,
  ComplaintSeverity,
  ComplaintStatus,
  Millis,
  PurchaseEntry,
  WalletEntry,
} from '../history.js';
import { DAY_MS } from '../time.js';

/** 2025-03-05T10:00:00Z, a moment in the middle of a UTC day that tests count from. */
export const T0: Millis = Date.UTC(2025, 2, 5, 10, 0, 0);

/** T0 plus whole days. */
export function day(days: number): Millis {
  return T0 + days * DAY_MS;
}

let sequence = 0;
function nextEventId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

/** A sale; each gets its own order unless one is given. */
export function sale(
  at: Millis,
  amountMinor: number,
  options: { orderId?: string; categories?: readonly string[]; eventId?: string } = {},
): PurchaseEntry {
  const eventId = options.eventId ?? nextEventId('sale');
  return {
    kind: 'purchase',
    eventId,
    at,
    orderId: options.orderId ?? `order-${eventId}`,
    type: 'sale',
    amountMinor,
    categories: options.categories ?? ['general'],
  };
}

/** A return of (part of) an order. */
export function refund(at: Millis, amountMinor: number, orderId = 'returned-order'): PurchaseEntry {
  return {
    kind: 'purchase',
    eventId: nextEventId('return'),
    at,
    orderId,
    type: 'return',
    amountMinor,
    categories: [],
  };
}

/** A complaint status change. */
export function complaint(
  at: Millis,
  complaintId: string,
  status: ComplaintStatus,
  severity: ComplaintSeverity = 'medium',
  satisfaction?: number,
): ComplaintEntry {
  return {
    kind: 'complaint',
    eventId: nextEventId('complaint'),
    at,
    complaintId,
    status,
    severity,
    ...(satisfaction === undefined ? {} : { satisfaction }),
  };
}

/** A campaign response. */
export function campaign(at: Millis, response: CampaignResponse): CampaignEntry {
  return { kind: 'campaign', eventId: nextEventId('campaign'), at, response };
}

/** A wallet estimate. */
export function wallet(at: Millis, walletMinor: number): WalletEntry {
  return { kind: 'wallet', eventId: nextEventId('wallet'), at, walletMinor };
}
