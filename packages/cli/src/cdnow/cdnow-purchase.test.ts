import { expectedTotalMinor, parseInputMessage, TOPICS } from '@loyalty/contracts';
import { describe, expect, it } from 'vitest';
import { cdnowCustomerId, cdnowPurchase } from './cdnow-purchase.js';

const PARSER = { baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000, nowMs: Date.now() };

describe('cdnowPurchase', () => {
  it('makes one sale at noon UTC with one cd line, ids from the line number', () => {
    const event = cdnowPurchase({ line: 7, customer: 1, day: '1997-01-01', cds: 2, cents: 2_933 }, 'EUR');
    expect(event).toEqual({
      type: 'purchase',
      eventId: 'cdnow-line-00007',
      customerId: 'cdnow-0001',
      occurredAt: '1997-01-01T12:00:00.000Z',
      source: 'cdnow-replay',
      schemaVersion: 1,
      orderId: 'cdnow-line-00007',
      channel: 'ecommerce',
      kind: 'sale',
      currency: 'EUR',
      totalMinor: 2_933,
      discountMinor: 1,
      lines: [{ sku: 'cd', category: 'cd', quantity: 2, unitPriceMinor: 1_467 }],
    });
  });

  it('adds up exactly for every quantity and amount, and passes the pipeline parser', () => {
    for (const cds of [1, 2, 3, 7, 40]) {
      for (const cents of [0, 1, 99, 2_933, 50_697]) {
        const event = cdnowPurchase({ line: 1, customer: 2_357, day: '1998-06-30', cds, cents }, 'EUR');
        expect(expectedTotalMinor(event)).toBe(BigInt(cents));
        expect(event.discountMinor).toBeLessThan(cds);
        const parsed = parseInputMessage(
          Buffer.from(JSON.stringify(event)),
          { topic: TOPICS.purchases },
          PARSER,
        );
        expect(parsed.ok).toBe(true);
      }
    }
  });

  it('names customers by the zero-padded sample id', () => {
    expect(cdnowCustomerId(1)).toBe('cdnow-0001');
    expect(cdnowCustomerId(2_357)).toBe('cdnow-2357');
  });
});
