import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetriable, LoyaltyError, retry } from './index.js';

const fast = { initialDelayMs: 1, maxDelayMs: 4, maxAttempts: 5 };

describe('retry', () => {
  it('retries transient failures until success', async () => {
    let calls = 0;
    const result = await retry(async () => {
      calls++;
      if (calls < 3) throw new Error('connection refused');
      return 'ok';
    }, fast);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('never retries programming errors or non-retriable errors', async () => {
    for (const error of [
      new TypeError('x is undefined'),
      new LoyaltyError('bad rules', { retriable: false }),
    ]) {
      let calls = 0;
      await expect(
        retry(async () => {
          calls++;
          throw error;
        }, fast),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('gives up after maxAttempts and when asked to stop', async () => {
    let calls = 0;
    await expect(
      retry(async () => {
        calls++;
        throw new Error('down');
      }, fast),
    ).rejects.toThrow('down');
    expect(calls).toBe(5);
    let stop = false;
    calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          stop = true;
          throw new Error('down');
        },
        { ...fast, shouldStop: () => stop },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(1);
  });

  it('backs off exponentially within the cap, with jitter', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 1_000 };
    for (let i = 0; i < 50; i++) {
      expect(backoffDelay(1, opts)).toBeGreaterThanOrEqual(50);
      expect(backoffDelay(1, opts)).toBeLessThanOrEqual(100);
      expect(backoffDelay(3, opts)).toBeGreaterThanOrEqual(200);
      expect(backoffDelay(3, opts)).toBeLessThanOrEqual(400);
      expect(backoffDelay(20, opts)).toBeLessThanOrEqual(1_000);
    }
  });

  it('classifies errors', () => {
    expect(isRetriable(new Error('ECONNREFUSED'))).toBe(true);
    expect(isRetriable(new ReferenceError('nope'))).toBe(false);
    expect(isRetriable(new LoyaltyError('redis down', { retriable: true }))).toBe(true);
  });
});
