import { describe, expect, it } from 'vitest';
import { decodeOutbox, encodeOutbox } from './outbox-codec.js';

describe('outbox codec', () => {
  it('gives back topics, keys and values, binary and tombstones included', () => {
    const messages = [
      { topic: 'loyalty.tier-changes.v1', key: 'cus-ü-1', value: Buffer.from('{"a":1}') },
      { topic: 'loyalty.customer-state.v1', key: 'cus-ü-1', value: Buffer.from([0, 255, 0, 7]) },
      { topic: 'loyalty.customer-state.v1', key: '', value: null },
      { topic: 't', key: 'k', value: Buffer.alloc(0) },
    ];
    expect(decodeOutbox(encodeOutbox(messages))).toEqual(messages);
    expect(decodeOutbox(encodeOutbox([]))).toEqual([]);
  });

  it('refuses bytes it did not write', () => {
    const bytes = encodeOutbox([{ topic: 't', key: 'k', value: Buffer.from('value') }]);
    expect(() => decodeOutbox(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    expect(() => decodeOutbox(Buffer.from('not an outbox at all'))).toThrow(RangeError);
  });
});
