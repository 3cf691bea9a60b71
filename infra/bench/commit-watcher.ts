// When did the aggregator commit each offset? Its group's committed offsets, polled
// frequently; an offset counts as committed at the first poll that shows it (so the
// measurement errs late by at most one polling period and one round trip).

import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';

/** Polls a consumer group's committed offsets and remembers when each advance was first seen. */
export class CommitWatcher {
  private readonly observed = new Map<string, { next: bigint; at: number }[]>();
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topics: readonly string[],
    private readonly intervalMs: number,
  ) {}

  /** Starts polling. */
  start(): void {
    this.running = true;
    this.loop = this.poll().catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Throws if polling failed (a guard for waits while it runs). */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stops polling (a failure shows in check(), which the waits call). */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** When the first poll showed `offset` committed (epoch ms), or undefined if none did. */
  committedAt(topic: string, partition: number, offset: bigint): number | undefined {
    const list = this.observed.get(`${topic}:${partition}`) ?? [];
    // The observations ascend in offset: binary search for the first past `offset`.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as { next: bigint }).next > offset) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]?.at;
  }

  /** Whether every offset below `ends` (keyed topic:partition) has been seen committed. */
  reached(ends: ReadonlyMap<string, bigint>): boolean {
    for (const [key, end] of ends) {
      if ((this.observed.get(key)?.at(-1)?.next ?? -1n) < end) return false;
    }
    return true;
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const offsets = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [...this.topics] });
      const at = Date.now();
      for (const { topic, partitions } of offsets) {
        for (const { partition, offset } of partitions) {
          if (offset === '-1') continue;
          const key = `${topic}:${partition}`;
          const list = this.observed.get(key) ?? [];
          const next = BigInt(offset);
          if ((list.at(-1)?.next ?? -1n) < next) list.push({ next, at });
          this.observed.set(key, list);
        }
      }
      await sleep(this.intervalMs);
    }
  }
}
