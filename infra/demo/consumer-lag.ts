import { groupProgress, lagOf } from '@loyalty/kafka';
import type { Admin } from 'kafkajs';
import { pollUntil } from './poll-until.js';
import type { RunReporter } from './progress.js';

export interface DrainOptions {
  /** Names the service in the progress line and in a timeout. */
  readonly label: string;
  readonly reporter: RunReporter;
  /** Throws to stop waiting at once (a service died, the run was aborted). */
  readonly guard: () => void;
  readonly intervalMs?: number;
}

/**
 * Waits until a consumer group has committed everything `topics` hold, with a progress
 * line; resolves with the moment it saw that (epoch ms). Bounded by the slowest plausible
 * rate, 1,000 messages a second, plus a minute of start-up.
 */
export async function waitForGroupToDrain(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
  { label, reporter, guard, intervalMs = 500 }: DrainOptions,
): Promise<number> {
  const total = lagOf(await groupProgress(admin, groupId, topics));
  const progress = reporter.progress(label, total);
  try {
    return await pollUntil(
      `${label} to commit every message (consumer group ${groupId})`,
      async () => {
        const lag = lagOf(await groupProgress(admin, groupId, topics));
        progress.update(Math.max(0, total - lag));
        return lag === 0 ? Date.now() : undefined;
      },
      { timeoutMs: 60_000 + total, intervalMs, guard },
    );
  } finally {
    progress.done();
  }
}
