import type { Admin } from 'kafkajs';
import { pollUntil } from './poll-until.js';
import type { RunReporter } from './progress.js';

/** Where a consumer group stands on one topic-partition. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read; the log start when it never committed. */
  readonly committed: bigint;
  /** The log end (the offset the next message will get). */
  readonly high: bigint;
}

/** The committed offset and log end of every partition of `topics` for a consumer group. */
export async function groupProgress(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionProgress[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const progress: PartitionProgress[] = [];
  for (const topic of topics) {
    const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const at = done.find((d) => d.partition === end.partition)?.offset ?? '-1';
      progress.push({
        topic,
        partition: end.partition,
        committed: at === '-1' ? BigInt(end.low) : BigInt(at),
        high: BigInt(end.high),
      });
    }
  }
  return progress;
}

/** Messages not yet committed, summed over the partitions. */
export function lagOf(progress: readonly PartitionProgress[]): number {
  return Number(progress.reduce((sum, p) => sum + (p.high - p.committed), 0n));
}

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
