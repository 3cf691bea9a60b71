import { erasureSubject } from '@loyalty/contracts';
import { describe, expect, it } from 'vitest';
import { ErasureTombstones } from './erasure-tombstones.js';

const SECRET = 'sink-test-secret-123';

describe('ErasureTombstones', () => {
  it('covers events at or before the latest erasure of a customer, and nobody else', () => {
    const tombstones = new ErasureTombstones(SECRET);
    expect(tombstones.covers('c-1', 0)).toBe(false);
    tombstones.add(erasureSubject(SECRET, 'c-1'), 1_000);
    tombstones.addCustomer('c-1', 500);
    expect(tombstones.size).toBe(1);
    expect(tombstones.covers('c-1', 1_000)).toBe(true);
    expect(tombstones.covers('c-1', 1_001)).toBe(false);
    expect(tombstones.covers('c-2', 1)).toBe(false);
    tombstones.addCustomer('c-1', 2_000);
    expect(tombstones.covers('c-1', 1_001)).toBe(true);
  });

  it('does not match tombstones written under another secret', () => {
    const tombstones = new ErasureTombstones(SECRET);
    tombstones.add(erasureSubject('another-secret-1234', 'c-1'), 1_000);
    expect(tombstones.covers('c-1', 1)).toBe(false);
  });
});
