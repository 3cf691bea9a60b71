import { describe, expect, it } from 'vitest';
import { ReplayClock } from './replay-clock.js';

describe('ReplayClock', () => {
  it('waits for every topic with a backlog, and ignores caught-up ones', () => {
    const clock = new ReplayClock();
    clock.track(0, 'purchases', true);
    clock.track(0, 'complaints', true);
    clock.track(0, 'campaigns', false);
    expect(clock.streamTime(0)).toBeUndefined();
    clock.observe(0, 'purchases', 500, false);
    expect(clock.streamTime(0)).toBeUndefined();
    clock.observe(0, 'complaints', 200, false);
    expect(clock.streamTime(0)).toBe(200);
    clock.observe(0, 'complaints', 300, true);
    expect(clock.streamTime(0)).toBe(500);
    clock.observe(0, 'purchases', 900, true);
    expect(clock.streamTime(0)).toBe(900);
  });

  it('keeps shards apart and never goes back on a topic', () => {
    const clock = new ReplayClock();
    clock.observe(1, 'purchases', 100, false);
    clock.observe(1, 'purchases', 50, false);
    clock.observe(2, 'purchases', 10, false);
    expect(clock.streamTime(1)).toBe(100);
    expect(clock.streamTime(2)).toBe(10);
    clock.reset();
    expect(clock.streamTime(1)).toBeUndefined();
  });
});
