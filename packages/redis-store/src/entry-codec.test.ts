import type { HistoryEntry } from '@loyalty/core';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry, eventIdHash } from './entry-codec.js';

const ENTRIES: HistoryEntry[] = [
  {
    kind: 'purchase',
    eventId: 'x',
    at: 1_764_755_690_307,
    type: 'sale',
    amountMinor: 2_394,
    orderId: 'Xy3k_9aB',
    categories: ['coffee', 'bakery'],
  },
  {
    kind: 'purchase',
    eventId: 'x',
    at: 0,
    type: 'return',
    amountMinor: 0,
    orderId: 'o-1',
    categories: ['a:b', 'c,"d"', 'ünï'],
  },
  {
    kind: 'complaint',
    eventId: 'x',
    at: -86_400_000,
    complaintId: 'cmp:7 "quoted"',
    status: 'resolved',
    severity: 'high',
    satisfaction: 4,
  },
  { kind: 'complaint', eventId: 'x', at: 5, complaintId: 'c', status: 'opened', severity: 'low' },
  { kind: 'campaign', eventId: 'x', at: 1_766_568_908_755, response: 'delivered' },
  { kind: 'wallet', eventId: 'x', at: 1_766_568_908_755, walletMinor: 4_200_000_000 },
];

describe('history entry codec', () => {
  it.each(ENTRIES.map((entry) => [entry.kind, entry] as const))('round-trips a %s', (_, entry) => {
    const field = eventIdHash('event-1');
    expect(decodeEntry(field, encodeEntry(entry))).toEqual({ ...entry, eventId: field });
  });

  it('writes an entry in a few dozen bytes', () => {
    expect(encodeEntry(ENTRIES[0] as HistoryEntry)).toBe('pmiptz1hf:s:1ui:Xy3k_9aB:["coffee","bakery"]');
    expect(encodeEntry(ENTRIES[4] as HistoryEntry)).toBe('rmjjtilsj:delivered');
  });

  it('refuses what it did not write', () => {
    expect(() => decodeEntry('f', 'x123')).toThrow(/unknown kind/);
    expect(() => decodeEntry('f', 'p12:s')).toThrow(/too few fields/);
    expect(() => decodeEntry('f', 'p!!:s:1:o:[]')).toThrow(/bad number/);
  });
});
