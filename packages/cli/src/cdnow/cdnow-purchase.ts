/** A CDNOW transaction as the purchase event a web shop would have published. */
import { type PurchaseEvent, PurchaseEventSchema, SCHEMA_VERSION } from '@loyalty/contracts';
import type { CdnowTransaction } from './cdnow-file.js';

const CDNOW_SOURCE = 'cdnow-replay';

/** The customer id of a sample id: 1 -> "cdnow-0001". */
export function cdnowCustomerId(customer: number): string {
  return `cdnow-${String(customer).padStart(4, '0')}`;
}

/**
 * One sale with one `cd` line: the file gives the number of CDs and the total only, so the unit
 * price is the total over the CDs rounded up, and the discount takes back the rounding, which
 * keeps quantity x unitPrice - discount equal to the total, as the parser demands. The ids follow
 * from the line number, so a replay produces the same events again (and consumers drop them).
 * Dollars are taken as they are, in the base currency: the parser accepts no other.
 */
export function cdnowPurchase(transaction: CdnowTransaction, currency: string): PurchaseEvent {
  const { line, customer, day, cds, cents } = transaction;
  const unitPriceMinor = Math.ceil(cents / cds);
  const id = `cdnow-line-${String(line).padStart(5, '0')}`;
  return PurchaseEventSchema.parse({
    type: 'purchase',
    eventId: id,
    customerId: cdnowCustomerId(customer),
    // The file has days only; noon UTC is the same calendar day from UTC-11 to UTC+11.
    occurredAt: `${day}T12:00:00.000Z`,
    source: CDNOW_SOURCE,
    schemaVersion: SCHEMA_VERSION,
    orderId: id,
    channel: 'ecommerce',
    kind: 'sale',
    currency,
    totalMinor: cents,
    discountMinor: cds * unitPriceMinor - cents,
    lines: [{ sku: 'cd', category: 'cd', quantity: cds, unitPriceMinor }],
  });
}
