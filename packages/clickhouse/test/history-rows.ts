// Rows for hand-worked histories: only what a test varies is an argument.
import type { ChurnSignalRow, PurchaseRow } from '../src/index.js';

/** A sale (netMinor >= 0) or a return of one line at `at` ("YYYY-MM-DD hh:mm:ss"). */
export function purchaseRow(customer: string, at: string, netMinor: number): PurchaseRow {
  const kind = netMinor >= 0 ? 'sale' : 'return';
  return {
    event_id: `p-${customer}-${at}`,
    customer_id: customer,
    occurred_at: at,
    source: 'pos',
    order_id: `o-${customer}-${at}`,
    kind,
    return_of_order_id: kind === 'return' ? 'o-x' : null,
    channel: 'pos',
    store_id: null,
    currency: 'EUR',
    total_minor: Math.abs(netMinor),
    discount_minor: 0,
    net_minor: netMinor,
    line_count: 1,
  };
}

/** A churn-risk announcement at `at` of `level`, with a model's CLV or none. */
export function churnRow(customer: string, at: string, level: string, clv: number | null): ChurnSignalRow {
  return {
    event_id: `c-${customer}-${at}`,
    customer_id: customer,
    occurred_at: at,
    correction: 0,
    previous_level: null,
    new_level: level,
    score: 0.5,
    p_alive: 0.5,
    drivers: [],
    expected_purchases_90d: null,
    clv,
  };
}
