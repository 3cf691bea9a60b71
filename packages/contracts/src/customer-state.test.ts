import { describe, expect, it } from 'vitest';
import { CustomerStateEventSchema, customerStateEventId } from './customer-state.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failingPaths(input: unknown): string[] {
  const result = CustomerStateEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

const NOTHING_YET = {
  tier: null,
  tierSince: null,
  stage: null,
  stageSince: null,
  churnLevel: null,
  churnSince: null,
  walletBand: null,
  walletBandSince: null,
  pyramidLevel: null,
  pyramidLevelSince: null,
  changes: 0,
};

describe('CustomerStateEventSchema', () => {
  it('accepts the example', () => {
    expect(CustomerStateEventSchema.parse(readExample('customer-state'))).toMatchObject({
      tier: 'gold',
      stage: 'repeat',
      churnLevel: 'low',
      walletBand: 'medium',
      pyramidLevel: 'gold',
      changes: 6,
    });
  });

  it('reads a record written before the share-of-wallet band as one without a band', () => {
    const { walletBand, walletBandSince, ...older } = readExample('customer-state') as Record<
      string,
      unknown
    >;
    expect(walletBand).toBe('medium');
    expect(walletBandSince).not.toBeNull();
    expect(CustomerStateEventSchema.parse(older)).toMatchObject({ walletBand: null, walletBandSince: null });
  });

  it('reads a record written before the pyramid level as one without a level', () => {
    const { pyramidLevel, pyramidLevelSince, ...older } = readExample('customer-state') as Record<
      string,
      unknown
    >;
    expect(pyramidLevel).toBe('gold');
    expect(pyramidLevelSince).not.toBeNull();
    expect(CustomerStateEventSchema.parse(older)).toMatchObject({
      pyramidLevel: null,
      pyramidLevelSince: null,
    });
  });

  it('accepts a customer with nothing announced yet', () => {
    expect(failingPaths(exampleWith('customer-state', NOTHING_YET))).toEqual([]);
  });

  it.each([
    ['tier', 'tierSince'],
    ['stage', 'stageSince'],
    ['churnLevel', 'churnSince'],
    ['walletBand', 'walletBandSince'],
    ['pyramidLevel', 'pyramidLevelSince'],
  ])('rejects %s without %s, and the other way round', (value, since) => {
    expect(failingPaths(exampleWith('customer-state', { [since]: null }))).toEqual([since]);
    const sinceOnly = exampleWith('customer-state', { [value]: null });
    expect(failingPaths(sinceOnly)).toEqual([since]);
  });

  it('takes occurredAt from the latest since-time, whatever its UTC offset', () => {
    const latest = exampleWith('customer-state', { occurredAt: '2026-03-01T10:02:00.000+01:00' });
    expect(failingPaths(latest)).toEqual([]);
    const earlier = exampleWith('customer-state', { occurredAt: '2026-01-20T08:00:00.000Z' });
    expect(failingPaths(earlier)).toEqual(['occurredAt']);
  });

  it('counts the pyramid level among the since-times occurredAt is the latest of', () => {
    const epoch = '2026-04-01T00:00:00.000Z';
    expect(failingPaths(exampleWith('customer-state', { pyramidLevelSince: epoch }))).toEqual(['occurredAt']);
    expect(
      failingPaths(exampleWith('customer-state', { pyramidLevelSince: epoch, occurredAt: epoch })),
    ).toEqual([]);
  });

  it.each([
    ['tier', 'diamond'],
    ['stage', 'loyal'],
    ['churnLevel', 'extreme'],
    ['pyramidLevel', 'diamond'],
    ['tierSince', '2026-03-01'],
    ['changes', -1],
    ['changes', 1.5],
    ['source', 'loyalty-erasure'],
    ['type', 'customer-erased'],
  ])('rejects %s = %j', (field, value) => {
    expect(failingPaths(exampleWith('customer-state', { [field]: value }))[0]).toBe(field);
  });
});

describe('customerStateEventId', () => {
  it('is the same for the same customer, count and moment, and differs otherwise', () => {
    const id = customerStateEventId('cus_1', 3, 1_000);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(customerStateEventId('cus_1', 3, 1_000)).toBe(id);
    expect(customerStateEventId('cus_1', 4, 1_000)).not.toBe(id);
    expect(customerStateEventId('cus_13', 3, 1_000)).not.toBe(id);
    // A profile started after an erasure counts from 0 again, later.
    expect(customerStateEventId('cus_1', 3, 2_000)).not.toBe(id);
  });

  it('tells apart states that differ in their pyramid level only, and keeps the ids of states without one', () => {
    const id = customerStateEventId('cus_1', 3, 1_000);
    const gold = customerStateEventId('cus_1', 3, 1_000, { level: 'gold', since: 500 });
    expect(gold).toMatch(/^[0-9a-f]{32}$/);
    expect(customerStateEventId('cus_1', 3, 1_000, undefined)).toBe(id);
    expect(customerStateEventId('cus_1', 3, 1_000, { level: 'gold', since: 500 })).toBe(gold);
    // A correction at an epoch before the latest since-time changes neither changes nor occurredAt.
    expect(
      new Set([id, gold, customerStateEventId('cus_1', 3, 1_000, { level: 'iron', since: 500 })]).size,
    ).toBe(3);
    expect(customerStateEventId('cus_1', 3, 1_000, { level: 'gold', since: 400 })).not.toBe(gold);
  });
});
