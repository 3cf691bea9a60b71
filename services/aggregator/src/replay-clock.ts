/**
 * Event-time progress of each shard in replay mode. A shard is the partition number n of
 * every input topic; its watermark may pass a moment only when every topic-partition of the
 * shard that still has a backlog has delivered events past it (the minimum over input
 * channels, as in Flink). A topic-partition that has caught up with its log end holds
 * nothing back (idle), so a quiet topic does not stall the others.
 */
export class ReplayClock {
  private readonly shards = new Map<number, Map<string, { maxAt: number | undefined; caughtUp: boolean }>>();

  /** Forgets every shard: a new assignment starts from what the log says. */
  reset(): void {
    this.shards.clear();
  }

  /** Declares a topic-partition of a shard, and whether it has unread messages. */
  track(shard: number, topic: string, hasBacklog: boolean): void {
    this.topics(shard).set(topic, { maxAt: undefined, caughtUp: !hasBacklog });
  }

  /** Records a delivered batch: its greatest event time and whether it reached the log end. */
  observe(shard: number, topic: string, maxAt: number | undefined, caughtUp: boolean): void {
    const topics = this.topics(shard);
    const state = topics.get(topic) ?? { maxAt: undefined, caughtUp };
    topics.set(topic, {
      maxAt: maxAt === undefined ? state.maxAt : Math.max(state.maxAt ?? maxAt, maxAt),
      caughtUp,
    });
  }

  /** The event time the shard has certainly reached, before lateness; undefined if none yet. */
  streamTime(shard: number): number | undefined {
    const topics = [...this.topics(shard).values()];
    let lowestBehind = Number.POSITIVE_INFINITY;
    let highest: number | undefined;
    for (const { maxAt, caughtUp } of topics) {
      if (maxAt !== undefined) highest = Math.max(highest ?? maxAt, maxAt);
      if (!caughtUp) lowestBehind = Math.min(lowestBehind, maxAt ?? Number.NEGATIVE_INFINITY);
    }
    if (lowestBehind === Number.NEGATIVE_INFINITY) return undefined;
    return lowestBehind === Number.POSITIVE_INFINITY ? highest : lowestBehind;
  }

  private topics(shard: number): Map<string, { maxAt: number | undefined; caughtUp: boolean }> {
    let topics = this.shards.get(shard);
    if (topics === undefined) {
      topics = new Map();
      this.shards.set(shard, topics);
    }
    return topics;
  }
}
