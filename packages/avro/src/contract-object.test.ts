import { describe, expect, it } from 'vitest';
import { toContractObject } from './contract-object.js';

describe('toContractObject', () => {
  it('drops a null where the contract wants an absent field, and keeps one where it allows null', () => {
    expect(toContractObject({ type: 'purchase', storeId: null, orderId: 'o' })).toEqual({
      type: 'purchase',
      orderId: 'o',
    });
    expect(toContractObject({ type: 'tier-changed', previousTier: null, reason: null })).toEqual({
      type: 'tier-changed',
      previousTier: null,
    });
  });

  it('takes every null for absent in a record of no known type (validation then rejects the type)', () => {
    expect(toContractObject({ type: 'nonsense', previousTier: null })).toEqual({ type: 'nonsense' });
  });

  it('makes "__proto__" an own field, never the prototype', () => {
    const record = JSON.parse('{"type":"purchase","__proto__":{"polluted":true}}') as object;
    const object = toContractObject(record) as Record<string, unknown>;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.hasOwn(object, '__proto__')).toBe(true);
    expect('polluted' in object).toBe(false);
  });

  it('passes anything but an object through', () => {
    expect(toContractObject('text')).toBe('text');
    expect(toContractObject(null)).toBeNull();
  });
});
