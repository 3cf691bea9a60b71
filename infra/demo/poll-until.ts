import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Runs before each probe; throws to stop waiting at once (a service died, the run was aborted). */
  readonly guard?: () => void;
}

/**
 * Calls `probe` until it returns a value other than undefined and resolves with it; fails
 * with a message naming `what` after `timeoutMs`. Unlike a bare retry loop, an error of the
 * guard or the probe ends the wait at once, so a dead service fails the run immediately.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs, intervalMs = 250, guard }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    guard?.();
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}
