import type { ClickHouseClient } from '@clickhouse/client';
import { LoyaltyError } from '@loyalty/runtime';
import { selectRows } from './query.js';
import { quoteString } from './sql.js';
import { type JsonInteger, toSafeInteger } from './values.js';

/** How long to wait for mutations, and how often to look. */
export interface MutationWait {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

/**
 * Waits until every mutation (ALTER ... DELETE / UPDATE) of the client's database whose command
 * contains `marker` is done. ALTER only queues a mutation, and `mutations_sync` arrived after
 * 18.16, so system.mutations is polled; 18.16 says nothing of a mutation that keeps failing
 * (no latest_fail_reason), so running out of time is the one failure it can report.
 */
export async function waitForMutations(
  client: ClickHouseClient,
  marker: string,
  { timeoutMs = 600_000, pollMs = 200 }: MutationWait = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await selectRows<{ pending: JsonInteger }>(
      client,
      `SELECT count() AS pending FROM system.mutations
       WHERE database = currentDatabase() AND is_done = 0 AND position(command, ${quoteString(marker)}) > 0`,
    );
    if (toSafeInteger(row?.pending ?? 0) === 0) return;
    if (Date.now() >= deadline) {
      throw new LoyaltyError(
        `ClickHouse mutations on ${marker} not done after ${timeoutMs} ms (see system.mutations and the server log)`,
        { retriable: false },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
