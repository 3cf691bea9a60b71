import { describe, expect, it } from 'vitest';
import { monthLabel, monthNumber } from './months.js';
import { dayRange, parseDay, rangeCondition } from './time-range.js';

describe('time ranges', () => {
  it('takes --from and --to as whole UTC days, both included', () => {
    expect(dayRange('2026-01-01', '2026-01-31')).toEqual({
      fromMs: Date.parse('2026-01-01T00:00:00Z'),
      toMs: Date.parse('2026-02-01T00:00:00Z'),
    });
    expect(dayRange(undefined, undefined)).toEqual({});
    expect(() => dayRange('2026-02-01', '2026-01-31')).toThrow(RangeError);
  });

  it('names the flag of a day the history cannot hold', () => {
    expect(() => dayRange(undefined, '2200-01-01')).toThrow(
      '--to 2200-01-01 lies outside the days the history can hold (1970-01-01 to 2105-12-31)',
    );
    expect(() => dayRange(undefined, '9999-12-31')).toThrow(RangeError);
    expect(() => dayRange('1969-12-31', undefined)).toThrow('--from 1969-12-31 lies outside');
    expect(dayRange('1970-01-01', '2105-12-31').toMs).toBe(Date.parse('2106-01-01T00:00:00Z'));
  });

  it('rejects what is not a real YYYY-MM-DD day', () => {
    for (const bad of ['2026-02-30', '2026-1-1', '01/02/2026', "2026-01-01' OR 1", '']) {
      expect(() => parseDay(bad)).toThrow(RangeError);
    }
  });

  it('writes conditions with literals only', () => {
    expect(rangeCondition('occurred_at', {})).toBe('1');
    expect(rangeCondition('occurred_at', dayRange('2026-01-01', '2026-01-01'))).toBe(
      "`occurred_at` >= toDateTime('2026-01-01 00:00:00', 'UTC') AND `occurred_at` < toDateTime('2026-01-02 00:00:00', 'UTC')",
    );
    expect(() => rangeCondition('occurred_at; DROP', {})).toThrow(TypeError);
  });

  it('numbers months as toRelativeMonthNum does', () => {
    expect(monthNumber(Date.parse('2026-01-15T00:00:00Z'))).toBe(24313);
    expect(monthLabel(24313)).toBe('2026-01');
    expect(monthLabel(24312)).toBe('2025-12');
  });
});
