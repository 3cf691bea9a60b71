import { describe, expect, it } from 'vitest';
import { nextRestart, STABLE_UPTIME_MS } from './restart-policy.js';

describe('worker restart policy', () => {
  it('backs off exponentially while workers keep dying soon after their start', () => {
    let failures = 0;
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = nextRestart(failures, 500);
      failures = next.failuresInARow;
      delays.push(next.delayMs);
    }
    expect(failures).toBe(8);
    expect(delays[0]).toBeGreaterThanOrEqual(500);
    expect(delays[0]).toBeLessThanOrEqual(1_000);
    // Full jitter halves at most: the fourth delay (ceiling 8 s) is above the first's ceiling.
    expect(delays[3]).toBeGreaterThan(1_000);
    for (const d of delays) expect(d).toBeLessThanOrEqual(30_000);
    expect(delays[7]).toBeGreaterThanOrEqual(15_000);
  });

  it('starts over after a worker that ran stably', () => {
    const next = nextRestart(6, STABLE_UPTIME_MS);
    expect(next.failuresInARow).toBe(1);
    expect(next.delayMs).toBeLessThanOrEqual(1_000);
  });
});
