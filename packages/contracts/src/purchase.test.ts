import { describe, expect, it } from 'vitest';
import { expectedTotalMinor, PurchaseEventSchema } from './purchase.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failures(input: unknown): string[] {
  const result = PurchaseEventSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const line = { sku: 'SKU-1', category: 'coffee', quantity: 1, unitPriceMinor: 100 };

describe('PurchaseEventSchema', () => {
  it('accepts the example sale', () => {
    const event = PurchaseEventSchema.parse(readExample('purchase'));
    expect(event.kind).toBe('sale');
    expect(event.lines).toHaveLength(2);
  });

  it('defaults discountMinor to 0', () => {
    const event = PurchaseEventSchema.parse(exampleWith('purchase', { discountMinor: undefined }));
    expect(event.discountMinor).toBe(0);
  });

  it('makes storeId optional', () => {
    expect(failures(exampleWith('purchase', { storeId: undefined, channel: 'ecommerce' }))).toEqual([]);
  });

  it.each([
    ['orderId', ''],
    ['orderId', undefined],
    ['channel', 'kiosk'],
    ['storeId', ''],
    ['currency', 'eur'],
    ['currency', 'EURO'],
    ['currency', undefined],
    ['totalMinor', -1],
    ['totalMinor', 30.48],
    ['totalMinor', 2 ** 53],
    ['totalMinor', '3048'],
    ['lines', []],
    ['lines', undefined],
    ['discountMinor', -1],
    ['discountMinor', 0.5],
  ])('rejects %s = %j', (field, value) => {
    const problems = failures(exampleWith('purchase', { [field]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}: `));
  });

  it.each([
    [{ quantity: 0 }, 'lines.0.quantity'],
    [{ quantity: 1.5 }, 'lines.0.quantity'],
    [{ quantity: -1 }, 'lines.0.quantity'],
    [{ unitPriceMinor: -1 }, 'lines.0.unitPriceMinor'],
    [{ unitPriceMinor: 9.99 }, 'lines.0.unitPriceMinor'],
    [{ sku: '' }, 'lines.0.sku'],
    [{ category: '' }, 'lines.0.category'],
  ])('rejects a line with %j', (change, path) => {
    const problems = failures(exampleWith('purchase', { lines: [{ ...line, ...change }] }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([path]);
  });

  it('rejects an unknown kind', () => {
    expect(failures(exampleWith('purchase', { kind: 'exchange' }))).toEqual([
      "kind: Invalid discriminator value. Expected 'sale' | 'return'",
    ]);
  });

  it('requires returnOfOrderId on a return', () => {
    const problems = failures(exampleWith('purchase', { kind: 'return' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^returnOfOrderId: /);
  });

  it('accepts a return that names the order it reverses', () => {
    const event = PurchaseEventSchema.parse(
      exampleWith('purchase', { kind: 'return', orderId: 'RET-1', returnOfOrderId: 'ORD-1' }),
    );
    expect(event.kind === 'return' && event.returnOfOrderId).toBe('ORD-1');
  });

  it('rejects returnOfOrderId on a sale', () => {
    expect(failures(exampleWith('purchase', { returnOfOrderId: 'ORD-1' }))).toEqual([
      'returnOfOrderId: only allowed when kind is return',
    ]);
  });

  it('strips unknown fields, in lines too', () => {
    const input = exampleWith('purchase', { taxMinor: 610, lines: [{ ...line, colour: 'red' }] });
    const event = PurchaseEventSchema.parse(input);
    expect(event).not.toHaveProperty('taxMinor');
    expect(event.lines[0]).toEqual(line);
  });
});

describe('expectedTotalMinor', () => {
  it('is the sum of quantity x unit price less the discount', () => {
    const lines = [
      { ...line, quantity: 2, unitPriceMinor: 899 },
      { ...line, quantity: 1, unitPriceMinor: 1450 },
    ];
    expect(expectedTotalMinor({ lines, discountMinor: 200 })).toBe(3048n);
  });

  it('stays exact beyond the safe integer range', () => {
    const lines = [{ ...line, quantity: 3, unitPriceMinor: Number.MAX_SAFE_INTEGER }];
    expect(expectedTotalMinor({ lines, discountMinor: 0 })).toBe(3n * BigInt(Number.MAX_SAFE_INTEGER));
  });
});
