import type { HistoryEntry } from '@loyalty/core';
import type { CustomerState } from '@loyalty/redis-store';
import { describe, expect, it } from 'vitest';
import { CustomerCache } from './customer-cache.js';

const entry = (eventId: string, at: number): HistoryEntry => ({
  kind: 'campaign',
  eventId,
  at,
  response: 'opened',
});

const state = (...history: HistoryEntry[]): CustomerState<string> => ({
  history,
  evaluation: { asOf: 10, values: 'ten' },
  outbox: [{ topic: 'tier-changes', key: 'a', value: Buffer.from('unsent') }],
});

describe('CustomerCache', () => {
  it('evicts the least recently used customer beyond its capacity', () => {
    const cache = new CustomerCache<string>(2);
    cache.remember('a', state());
    cache.remember('b', state());
    expect(cache.get('a')).toBeDefined();
    cache.remember('c', state());
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((c) => c !== undefined)).toEqual([
      true,
      false,
      true,
    ]);
    expect({ size: cache.size, hits: cache.hits, misses: cache.misses }).toEqual({
      size: 2,
      hits: 3,
      misses: 1,
    });
  });

  it('adds applied events to cached histories only', () => {
    const cache = new CustomerCache<string>(10);
    cache.remember('a', state(entry('e1', 1)));
    cache.applied([
      { customerId: 'a', shard: 0, entry: entry('e2', 2) },
      { customerId: 'z', shard: 0, entry: entry('e3', 3) },
    ]);
    expect(cache.get('a')?.history.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    expect(cache.get('z')).toBeUndefined();
  });

  it('never moves a cached evaluation back, as the store does, and empties a saved outbox', () => {
    const cache = new CustomerCache<string>(10);
    cache.remember('a', state());
    const save = (asOf: number, values: string) => ({
      customerId: 'a',
      shard: 0,
      evaluation: { asOf, values },
      nextDueAt: undefined,
    });
    expect(cache.get('a')?.outbox).toHaveLength(1);
    cache.saved([save(5, 'five')]);
    expect(cache.get('a')).toMatchObject({ evaluation: { asOf: 10, values: 'ten' }, outbox: [{}] });
    cache.saved([save(10, 'ten, corrected')]);
    expect(cache.get('a')).toMatchObject({ evaluation: { asOf: 10, values: 'ten, corrected' }, outbox: [] });
    cache.saved([save(20, 'twenty')]);
    expect(cache.get('a')?.evaluation).toEqual({ asOf: 20, values: 'twenty' });
  });

  it('forgets customers and everything on request, and keeps nothing at capacity 0', () => {
    const cache = new CustomerCache<string>(10);
    for (const id of ['a', 'b', 'c']) cache.remember(id, state());
    cache.forget(['a']);
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
    const off = new CustomerCache<string>(0);
    expect(off.remember('a', state(entry('e1', 1))).history).toHaveLength(1);
    expect(off.get('a')).toBeUndefined();
  });
});
