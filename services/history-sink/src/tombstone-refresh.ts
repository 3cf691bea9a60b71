import type { ClickHouseClient } from '@clickhouse/client';
import { erasureTombstones } from '@loyalty/clickhouse';
import type { Logger } from '@loyalty/runtime';
import type { ErasureTombstones } from './erasure-tombstones.js';

/**
 * Keeps the sink's tombstones up to date with the erasure audit table: once at start (before
 * anything is consumed, so a restart never writes an erased customer's old events) and then
 * every `intervalMs`. A failed refresh keeps what is known and tries again at the next tick.
 */
export class TombstoneRefresh {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tombstones: ErasureTombstones,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Loads every tombstone of the audit table into the set; throws what ClickHouse threw. */
  async refresh(client: ClickHouseClient): Promise<void> {
    for (const [subject, erasedAtMs] of await erasureTombstones(client))
      this.tombstones.add(subject, erasedAtMs);
  }

  /** Refreshes every intervalMs until stop(). */
  start(client: ClickHouseClient): void {
    this.timer = setInterval(() => {
      this.refresh(client).catch((error: unknown) =>
        this.log.warn({ err: error }, 'erasure tombstones not refreshed; keeping the known ones'),
      );
    }, this.intervalMs);
    // The refresh alone never keeps the process alive.
    this.timer.unref();
  }

  /** Ends the periodic refresh. */
  stop(): void {
    clearInterval(this.timer);
  }
}
