import { describe, expect, it } from 'vitest';
import { EventTimeClock } from './event-time-clock.js';

const IDLE = 30_000;
const LATENESS = 5_000;
const YEAR_AGO = Date.UTC(2025, 0, 1);
const NOW = Date.UTC(2026, 0, 1);

describe('EventTimeClock in replay mode', () => {
  const replay = () => new EventTimeClock({ mode: 'replay', latenessMs: LATENESS, idleTimeoutMs: IDLE });

  it('waits for every topic with a backlog, and ignores caught-up ones that stay quiet', () => {
    const clock = replay();
    clock.track(0, 'purchases', true);
    clock.track(0, 'complaints', true);
    clock.track(0, 'campaigns', false);
    expect(clock.watermark(0, NOW)).toBeUndefined();
    clock.observe(0, 'purchases', 500_000, false, NOW);
    expect(clock.watermark(0, NOW)).toBeUndefined();
    clock.observe(0, 'complaints', 200_000, false, NOW);
    expect(clock.watermark(0, NOW)).toBe(200_000 - LATENESS);
    // Caught up but just delivered: a history writer may still be writing it.
    clock.observe(0, 'complaints', 300_000, true, NOW);
    expect(clock.watermark(0, NOW)).toBe(300_000 - LATENESS);
    expect(clock.watermark(0, NOW + IDLE)).toBe(500_000 - LATENESS);
    clock.observe(0, 'purchases', 900_000, true, NOW + IDLE);
    expect(clock.watermark(0, NOW + 2 * IDLE)).toBe(900_000 - LATENESS);
  });

  it('follows a producer writing history, whatever the wall clock', () => {
    const clock = replay();
    clock.track(0, 'purchases', false);
    clock.track(0, 'complaints', false);
    for (let i = 1; i <= 10; i++) {
      clock.observe(0, 'purchases', YEAR_AGO + i * 3_600_000, true, NOW + i * 1_000);
      clock.observe(0, 'complaints', YEAR_AGO + i * 3_600_000 - 60_000, true, NOW + i * 1_000);
      expect(clock.watermark(0, NOW + i * 1_000)).toBe(YEAR_AGO + i * 3_600_000 - 60_000 - LATENESS);
    }
  });

  it('resumes from where earlier owners of the shard reached once its channels are idle', () => {
    const clock = replay();
    clock.track(0, 'purchases', false);
    clock.track(0, 'complaints', true);
    clock.resume(0, 700_000);
    expect(clock.watermark(0, NOW)).toBeUndefined();
    clock.observe(0, 'complaints', 400_000, true, NOW);
    expect(clock.watermark(0, NOW)).toBe(400_000 - LATENESS);
    expect(clock.watermark(0, NOW + IDLE)).toBe(700_000 - LATENESS);
    expect(clock.reached(0)).toBe(700_000);
  });

  it('keeps shards apart, never goes back on a topic, and forgets on reset', () => {
    const clock = replay();
    clock.observe(1, 'purchases', 100, false, NOW);
    clock.observe(1, 'purchases', 50, false, NOW);
    clock.observe(2, 'purchases', 10, false, NOW);
    expect(clock.watermark(1, NOW)).toBe(100 - LATENESS);
    expect(clock.watermark(2, NOW)).toBe(10 - LATENESS);
    clock.reset();
    expect(clock.watermark(1, NOW)).toBeUndefined();
  });
});

describe('EventTimeClock in live mode', () => {
  const live = () => new EventTimeClock({ mode: 'live', latenessMs: LATENESS, idleTimeoutMs: IDLE });

  it('follows the wall clock on a quiet shard and with traffic as it happens', () => {
    const clock = live();
    clock.track(0, 'purchases', false);
    clock.track(0, 'complaints', false);
    expect(clock.watermark(0, NOW, true)).toBe(NOW - LATENESS);
    clock.observe(0, 'purchases', NOW - 1_000, true, NOW);
    expect(clock.watermark(0, NOW + 500)).toBe(NOW + 500 - LATENESS);
  });

  it('follows a backfill that continues into live traffic, then the wall clock', () => {
    const clock = live();
    clock.track(0, 'purchases', true);
    clock.track(0, 'complaints', false);
    expect(clock.watermark(0, NOW)).toBeUndefined();
    clock.observe(0, 'purchases', YEAR_AGO, false, NOW);
    expect(clock.watermark(0, NOW)).toBe(YEAR_AGO - LATENESS);
    // Caught up with history just written: still held at its event time until quiet.
    clock.observe(0, 'purchases', YEAR_AGO + 86_400_000, true, NOW + 1_000);
    expect(clock.watermark(0, NOW + 2_000)).toBe(YEAR_AGO + 86_400_000 - LATENESS);
    clock.observe(0, 'purchases', NOW + 2_000, true, NOW + 3_000);
    expect(clock.watermark(0, NOW + 3_000)).toBe(NOW + 3_000 - LATENESS);
  });

  it('waits on a shard that never had input, so that history written later is not late', () => {
    const clock = live();
    clock.track(0, 'purchases', false);
    clock.track(0, 'complaints', false);
    expect(clock.watermark(0, NOW + 10 * IDLE)).toBeUndefined();
    clock.observe(0, 'purchases', YEAR_AGO, true, NOW + 10 * IDLE);
    expect(clock.watermark(0, NOW + 10 * IDLE)).toBe(YEAR_AGO - LATENESS);
  });

  it('lets a quiet history topic go after the idle timeout', () => {
    const clock = live();
    clock.track(0, 'purchases', false);
    clock.observe(0, 'purchases', YEAR_AGO, true, NOW);
    expect(clock.watermark(0, NOW + IDLE - 1)).toBe(YEAR_AGO - LATENESS);
    expect(clock.watermark(0, NOW + IDLE)).toBe(NOW + IDLE - LATENESS);
  });

  it('never passes the wall clock, even with events stamped in the future', () => {
    const clock = live();
    clock.observe(0, 'purchases', NOW + 60_000, false, NOW);
    expect(clock.watermark(0, NOW)).toBe(NOW - LATENESS);
  });
});
