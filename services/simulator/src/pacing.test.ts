import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pacer, waitUntil } from './pacing.js';

const DAY_MS = 86_400_000;

describe('Pacer', () => {
  const clock = () => 1_000_000;

  it('makes everything due at once at full speed', () => {
    const pacer = new Pacer({ mode: 'max' }, clock);
    expect([pacer.next(0), pacer.next(5 * DAY_MS), pacer.next(9 * DAY_MS)]).toEqual([
      1_000_000, 1_000_000, 1_000_000,
    ]);
  });

  it('spaces messages evenly at a fixed rate, whatever their event time', () => {
    const pacer = new Pacer({ mode: 'rate', eventsPerSecond: 200 }, clock);
    expect([pacer.next(0), pacer.next(0), pacer.next(99 * DAY_MS), pacer.next(1)]).toEqual([
      1_000_000, 1_000_005, 1_000_010, 1_000_015,
    ]);
  });

  it('follows event time compressed: a simulated year in N minutes', () => {
    const pacer = new Pacer({ mode: 'compressed', minutesPerSimulatedYear: 10 }, clock);
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    expect(pacer.next(t0)).toBe(1_000_000);
    // Half a simulated year is 5 minutes of wall time.
    expect(pacer.next(t0 + 182.5 * DAY_MS)).toBeCloseTo(1_000_000 + 5 * 60_000, 6);
    // A re-send of an old event is already due.
    expect(pacer.next(t0 - DAY_MS)).toBeLessThan(1_000_000);
  });
});

describe('waitUntil', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves true at the due time, not before', async () => {
    let resolved: boolean | undefined;
    void waitUntil(Date.now() + 30).then((value) => {
      resolved = value;
    });
    await vi.advanceTimersByTimeAsync(29);
    expect(resolved).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(resolved).toBe(true);
  });

  it('resolves false as soon as it is aborted, long before the due time', async () => {
    const controller = new AbortController();
    let resolved: boolean | undefined;
    void waitUntil(Date.now() + 60_000, controller.signal).then((value) => {
      resolved = value;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(resolved).toBeUndefined();
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(false);
  });

  it('resolves at once when the due time has passed or the signal is already aborted', async () => {
    expect(await waitUntil(Date.now() - 1)).toBe(true);
    expect(await waitUntil(Date.now() + 60_000, AbortSignal.abort())).toBe(false);
  });
});
