import { describe, expect, it } from 'vitest';
import { CustomerErasedEventSchema, customerErasedEvent, customerErasedEventId } from './customer-erased.js';
import { erasureSubject, isErasedEvent } from './erasure-policy.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failingPaths(input: unknown): string[] {
  const result = CustomerErasedEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('customer-erased', () => {
  it('derives the event id from the customer and the moment only', () => {
    const at = Date.parse('2026-03-02T09:15:00.000Z');
    expect(customerErasedEvent('c-1', at).eventId).toBe(customerErasedEventId('c-1', at));
    expect(customerErasedEventId('c-1', at)).toBe(customerErasedEventId('c-1', at));
    expect(customerErasedEventId('c-1', at + 1)).not.toBe(customerErasedEventId('c-1', at));
    expect(customerErasedEventId('c-2', at)).not.toBe(customerErasedEventId('c-1', at));
  });

  it.each([
    ['erasedAt', undefined],
    ['erasedAt', '2026-03-02 09:15'],
    ['source', 'loyalty-aggregator'],
    ['customerId', ''],
  ])('rejects %s = %j', (field, value) => {
    expect(failingPaths(exampleWith('customer-erased', { [field]: value }))).toEqual([field]);
  });

  it('accepts the example', () => {
    expect(failingPaths(readExample('customer-erased'))).toEqual([]);
  });
});

describe('erasureSubject', () => {
  it('is a keyed hash: stable for one secret, different under another, never the id', () => {
    const subject = erasureSubject('a-secret-of-16-chars', 'cus_1');
    expect(subject).toMatch(/^[0-9a-f]{64}$/);
    expect(erasureSubject('a-secret-of-16-chars', 'cus_1')).toBe(subject);
    expect(erasureSubject('another-secret-16ch', 'cus_1')).not.toBe(subject);
    expect(erasureSubject('a-secret-of-16-chars', 'cus_2')).not.toBe(subject);
  });
});

describe('isErasedEvent', () => {
  it('drops what occurred at or before the erasure, keeps what came after or was never erased', () => {
    expect(isErasedEvent(1_000, 1_000)).toBe(true);
    expect(isErasedEvent(999, 1_000)).toBe(true);
    expect(isErasedEvent(1_001, 1_000)).toBe(false);
    expect(isErasedEvent(1_000, undefined)).toBe(false);
  });
});
