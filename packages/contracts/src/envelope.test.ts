import { describe, expect, it } from 'vitest';
import { EnvelopeSchema, occurredAtMillis } from './envelope.js';

const valid = {
  eventId: 'e-1',
  customerId: 'cus_1',
  occurredAt: '2026-03-01T10:02:00.000+01:00',
  source: 'pos-eu',
  schemaVersion: 1,
};

function failingPaths(input: unknown): string[] {
  const result = EnvelopeSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('EnvelopeSchema', () => {
  it('accepts a complete envelope', () => {
    expect(EnvelopeSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['eventId', ''],
    ['eventId', 'x'.repeat(129)],
    ['eventId', 42],
    ['customerId', ''],
    ['customerId', 'c'.repeat(129)],
    ['source', ''],
    ['source', 's'.repeat(65)],
    ['schemaVersion', 2],
    ['schemaVersion', '1'],
    ['occurredAt', '2026-03-01T10:02:00'],
    ['occurredAt', '2026-03-01 10:02:00Z'],
    ['occurredAt', '2026-02-30T10:02:00Z'],
    ['occurredAt', '2026-03-01T10:02:00+0100'],
    ['occurredAt', '2026-03-01'],
    ['occurredAt', 1_772_355_720_000],
  ])('rejects %s = %j', (field, value) => {
    expect(failingPaths({ ...valid, [field]: value })).toEqual([field]);
  });

  it.each(['eventId', 'customerId', 'occurredAt', 'source', 'schemaVersion'])('requires %s', (field) => {
    const input: Record<string, unknown> = { ...valid };
    delete input[field];
    expect(failingPaths(input)).toEqual([field]);
  });

  it('accepts the longest ids and sources', () => {
    const input = { ...valid, eventId: 'e'.repeat(128), customerId: 'c'.repeat(128), source: 's'.repeat(64) };
    expect(EnvelopeSchema.safeParse(input).success).toBe(true);
  });

  it('strips unknown fields instead of rejecting them', () => {
    expect(EnvelopeSchema.parse({ ...valid, addedLater: true })).toEqual(valid);
  });
});

describe('occurredAtMillis', () => {
  it('honours the offset', () => {
    expect(occurredAtMillis({ occurredAt: '2026-03-01T10:02:00.000+01:00' })).toBe(
      Date.UTC(2026, 2, 1, 9, 2, 0, 0),
    );
    expect(occurredAtMillis({ occurredAt: '2026-03-01T09:02:00.250Z' })).toBe(
      Date.UTC(2026, 2, 1, 9, 2, 0, 250),
    );
  });
});
