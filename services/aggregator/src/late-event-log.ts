import type { Logger } from '@loyalty/runtime';

/** At most one line per this many milliseconds, however many events arrive late. */
const LOG_EVERY_MS = 60_000;

/**
 * Sums up late events for the log: one line per minute at most, with the count by topic and the
 * greatest lateness, so a backfill that arrives late is visible without flooding the log.
 */
export class LateEventLog {
  private byTopic: Record<string, number> = {};
  private maxLatenessMs = 0;
  private loggedAt = Number.NEGATIVE_INFINITY;

  /** Counts an event that arrived `latenessMs` behind its shard's watermark. */
  add(topic: string, latenessMs: number): void {
    this.byTopic[topic] = (this.byTopic[topic] ?? 0) + 1;
    this.maxLatenessMs = Math.max(this.maxLatenessMs, latenessMs);
  }

  /** Writes the line if there is something to say and the last one is a minute old. */
  flush(log: Logger, nowMs: number): void {
    if (Object.keys(this.byTopic).length === 0 || nowMs - this.loggedAt < LOG_EVERY_MS) return;
    log.warn(
      { lateByTopic: this.byTopic, maxLatenessSeconds: Math.round(this.maxLatenessMs / 1_000) },
      'events arrived behind the watermark; customers whose announced values they change get corrections',
    );
    this.byTopic = {};
    this.maxLatenessMs = 0;
    this.loggedAt = nowMs;
  }
}
