import type { Admin } from 'kafkajs';

/** Where a consumer group stands on one topic-partition. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read; the log start when it never committed. */
  readonly committed: bigint;
  /** The log start (the oldest offset retention kept). */
  readonly low: bigint;
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
        low: BigInt(end.low),
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
