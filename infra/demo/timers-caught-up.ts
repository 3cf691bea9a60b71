import type { CustomerValues } from '@loyalty/aggregator';
import type { CustomerStore } from '@loyalty/redis-store';
import { pollUntil } from './poll-until.js';

/**
 * Waits until every shard's watermark is at `target` or later and no customer is due at or
 * before it: the live aggregator's timers have evaluated everyone up to then. (The evaluator
 * emits a customer's changes before it moves the customer's timer, so an empty due range
 * means those changes are on their topics.)
 */
export async function waitForTimersToCatchUp(
  store: CustomerStore<CustomerValues>,
  shards: number,
  target: number,
  guard: () => void,
): Promise<void> {
  await pollUntil(
    'the live aggregator to bring every shard up to now',
    async () => {
      for (let shard = 0; shard < shards; shard++) {
        const watermark = await store.watermark(shard);
        if (watermark === undefined || watermark < target) return undefined;
        if ((await store.dueCustomers(shard, watermark, 1)).length > 0) return undefined;
      }
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 100, guard },
  );
}
