/** How the watermark of a shard is driven: by event time alone, or also by the wall clock. */
export type ClockMode = 'live' | 'replay';

export interface ClockOptions {
  readonly mode: ClockMode;
  /** Allowed lateness: the watermark trails the event time reached by this much. */
  readonly latenessMs: number;
  /** How long a caught-up topic-partition that has gone quiet still holds the watermark back. */
  readonly idleTimeoutMs: number;
}

interface Channel {
  /** The greatest event time delivered. */
  maxAt: number | undefined;
  /** Whether the last fetch reached the log end. */
  caughtUp: boolean;
  /** Wall time of the last delivery; undefined if nothing was delivered yet. */
  deliveredAt: number | undefined;
  /** Live: whether the newest event was within the lateness of the wall clock when it came. */
  current: boolean;
}

/**
 * The event-time progress of each shard (partition n of every input topic), and the watermark
 * it allows. As in Flink, the watermark is the minimum over the shard's input channels
 * (topic-partitions) of the event time each has delivered, minus the allowed lateness, and a
 * channel stops holding it back when it is idle: caught up with its log end and quiet for the
 * idle timeout (or, live, delivering events as they happen). So a backfill, or a producer
 * writing history while the aggregator runs, moves the watermark with the history it writes,
 * not with the wall clock, and a quiet topic does not stall the others for longer than the
 * timeout. Live, a shard whose channels are all idle follows the wall clock (so that the
 * timers of silent customers fall due) once it has had input, now or in an earlier run; the
 * watermark never passes the wall clock. A shard that never had any input waits: an
 * aggregator started before a producer that writes history must not pass that history by.
 */
export class EventTimeClock {
  private readonly shards = new Map<number, Map<string, Channel>>();
  // The event time a shard's input reached under earlier owners (recorded in the store).
  private readonly resumed = new Map<number, number>();

  constructor(private readonly options: ClockOptions) {}

  /** Forgets every shard: a new assignment starts from what the log says. */
  reset(): void {
    this.shards.clear();
    this.resumed.clear();
  }

  /**
   * Resumes a shard from the event time its input reached before (another owner, or before a
   * restart): with every channel idle, replay's watermark goes that far, not only as far as
   * what this owner was delivered.
   */
  resume(shard: number, reached: number): void {
    this.resumed.set(shard, reached);
  }

  /** The greatest event time the shard's input reached, as far as this clock knows. */
  reached(shard: number): number | undefined {
    let highest = this.resumed.get(shard);
    for (const { maxAt } of this.channels(shard).values())
      if (maxAt !== undefined) highest = Math.max(highest ?? maxAt, maxAt);
    return highest;
  }

  /** Declares a topic-partition of a shard, and whether it has unread messages. */
  track(shard: number, topic: string, hasBacklog: boolean): void {
    this.channels(shard).set(topic, {
      maxAt: undefined,
      caughtUp: !hasBacklog,
      deliveredAt: undefined,
      current: false,
    });
  }

  /** Records a delivered batch: its greatest event time and whether it reached the log end. */
  observe(shard: number, topic: string, maxAt: number | undefined, caughtUp: boolean, nowMs: number): void {
    const channels = this.channels(shard);
    const before = channels.get(topic);
    const newest = maxAt === undefined ? before?.maxAt : Math.max(before?.maxAt ?? maxAt, maxAt);
    channels.set(topic, {
      maxAt: newest,
      caughtUp,
      deliveredAt: nowMs,
      current:
        this.options.mode === 'live' && newest !== undefined && newest >= nowMs - this.options.latenessMs,
    });
  }

  /**
   * The watermark the shard may move to at `nowMs`; undefined while a channel has told nothing
   * (or, live, while the shard never had input and `hadInput` says no earlier run gave it any).
   */
  watermark(shard: number, nowMs: number, hadInput = false): number | undefined {
    const { mode, latenessMs, idleTimeoutMs } = this.options;
    let holding = Number.POSITIVE_INFINITY;
    const highest = this.reached(shard);
    for (const channel of this.channels(shard).values()) {
      const idle =
        channel.caughtUp &&
        (channel.deliveredAt === undefined ||
          nowMs - channel.deliveredAt >= idleTimeoutMs ||
          channel.current);
      if (!idle) holding = Math.min(holding, channel.maxAt ?? Number.NEGATIVE_INFINITY);
    }
    if (holding === Number.NEGATIVE_INFINITY) return undefined;
    if (mode === 'live') {
      if (holding === Number.POSITIVE_INFINITY && highest === undefined && !hadInput) return undefined;
      return Math.min(holding, nowMs) - latenessMs;
    }
    const reached = holding === Number.POSITIVE_INFINITY ? highest : holding;
    return reached === undefined ? undefined : reached - latenessMs;
  }

  private channels(shard: number): Map<string, Channel> {
    let channels = this.shards.get(shard);
    if (channels === undefined) {
      channels = new Map();
      this.shards.set(shard, channels);
    }
    return channels;
  }
}
