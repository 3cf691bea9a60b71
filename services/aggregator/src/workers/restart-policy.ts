import { backoffDelay } from '@loyalty/runtime';

/** A worker that stayed up this long before it died is not in a crash loop: backoff starts over. */
export const STABLE_UPTIME_MS = 60_000;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * When to start the replacement of a worker that died after `uptimeMs`, given how many of its
 * predecessors in the same slot died in a row before it: exponential backoff with jitter, so
 * that a crash loop does not spin, and a fresh start after a worker that ran stably.
 */
export function nextRestart(
  failuresInARow: number,
  uptimeMs: number,
): { failuresInARow: number; delayMs: number } {
  const failures = uptimeMs >= STABLE_UPTIME_MS ? 1 : failuresInARow + 1;
  return {
    failuresInARow: failures,
    delayMs: backoffDelay(failures, { initialDelayMs: FIRST_DELAY_MS, maxDelayMs: MAX_DELAY_MS }),
  };
}
