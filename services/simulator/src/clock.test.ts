import { describe, expect, it } from 'vitest';
import { formatInstant, UTC } from './clock.js';

const BERLIN = { standardOffsetMinutes: 60, euSummerTime: true };
const HELSINKI = { standardOffsetMinutes: 120, euSummerTime: true };

describe('formatInstant', () => {
  it('prints UTC with Z', () => {
    expect(formatInstant(Date.parse('2025-07-01T10:00:00Z'), UTC)).toBe('2025-07-01T10:00:00.000Z');
  });

  it('prints local time and offset, with EU summer time', () => {
    expect(formatInstant(Date.parse('2025-01-15T10:00:00Z'), BERLIN)).toBe('2025-01-15T11:00:00.000+01:00');
    expect(formatInstant(Date.parse('2025-07-01T10:00:00Z'), BERLIN)).toBe('2025-07-01T12:00:00.000+02:00');
    expect(formatInstant(Date.parse('2025-07-01T22:30:00Z'), HELSINKI)).toBe('2025-07-02T01:30:00.000+03:00');
  });

  it('switches at 01:00 UTC on the last Sundays of March and October', () => {
    expect(formatInstant(Date.parse('2025-03-30T00:59:59Z'), BERLIN)).toBe('2025-03-30T01:59:59.000+01:00');
    expect(formatInstant(Date.parse('2025-03-30T01:00:00Z'), BERLIN)).toBe('2025-03-30T03:00:00.000+02:00');
    expect(formatInstant(Date.parse('2025-10-26T00:59:59Z'), BERLIN)).toBe('2025-10-26T02:59:59.000+02:00');
    expect(formatInstant(Date.parse('2025-10-26T01:00:00Z'), BERLIN)).toBe('2025-10-26T02:00:00.000+01:00');
  });

  it('names the same instant it was given', () => {
    const ms = Date.parse('2026-05-05T05:05:05.005Z');
    expect(Date.parse(formatInstant(ms, HELSINKI))).toBe(ms);
  });
});
