import { setTimeout as sleep } from 'node:timers/promises';
import calculateSlot from 'cluster-key-slot';
import { type ChainableCommander, Cluster } from 'ioredis';
import type { RedisConnection } from './create-redis.js';

/**
 * One command of a batch: the key that routes it (every other key of the command carries the
 * same hash tag, so it lies in the same slot) and how to queue it on a pipeline. Queuing may
 * happen more than once: after a cluster redirection the command is sent again, so it must be
 * idempotent (a script that is, or a command like ZADD, DEL, HGETALL).
 */
export interface BatchCommand {
  readonly key: string;
  readonly queue: (pipeline: ChainableCommander) => void;
}

/** One command's reply: the error Redis answered, or its result. */
export type BatchReply = [error: Error | null, result: unknown];

// Rounds of re-sending the commands a cluster redirected (a reshard moved their slot, or is
// moving it), and the pause before each round after the first: TRYAGAIN and CLUSTERDOWN
// last until a migration or a failover ends. Then the error is the caller's to retry.
const ROUNDS = 5;
const ROUND_PAUSE_MS = 100;
const REDIRECTION = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * Runs a batch as pipelines and returns the replies in the batch's order; the first failed
 * command's error is thrown (after the others ran: every write is idempotent, so the caller
 * retries the whole batch). See runBatchReplies for how it runs.
 */
export async function runBatch(
  redis: RedisConnection,
  commands: readonly BatchCommand[],
): Promise<unknown[]> {
  return settle(await runBatchReplies(redis, commands));
}

/**
 * Runs a batch as pipelines and returns each command's reply, error or result, in the batch's
 * order, for callers that tell one command's failure from the batch's. On one server it is one
 * pipeline. On a Cluster, whose pipelines
 * must stay on one node, it is one pipeline per node, all at once; commands in one slot keep
 * their order.
 *
 * ioredis re-sends a cluster pipeline on MOVED or ASK only when every failed command got the
 * same redirection and every other command was read-only, which a batch of writes across
 * slots never is. So the commands that came back redirected are sent again, here, after the
 * slot map is refreshed: one pipeline per slot, which ioredis itself follows through MOVED and
 * ASK when the whole slot is redirected alike.
 */
export async function runBatchReplies(
  redis: RedisConnection,
  commands: readonly BatchCommand[],
): Promise<BatchReply[]> {
  if (commands.length === 0) return [];
  if (!(redis instanceof Cluster)) return runPipeline(redis, commands);
  const replies: BatchReply[] = new Array(commands.length);
  let pending = commands.map((_, index) => index);
  for (let round = 0; pending.length > 0 && round < ROUNDS; round++) {
    if (round > 0) {
      await refreshSlots(redis);
      await sleep(ROUND_PAUSE_MS * (round - 1));
    }
    const groups = groupBy(pending, (index) => {
      const slot = slotOf(commands, index);
      // Before the cluster is connected its slot map is empty: one pipeline per slot is valid anyway.
      const nodes = round === 0 ? redis.slots[slot] : undefined;
      return nodes === undefined ? `slot ${slot}` : nodes.join(';');
    });
    await Promise.all(
      [...groups.values()].map(async (indices) => {
        const results = await runPipeline(
          redis,
          indices.map((index) => commands[index] as BatchCommand),
        );
        indices.forEach((index, i) => {
          replies[index] = results[i] as BatchReply;
        });
      }),
    );
    pending = pending.filter((index) => REDIRECTION.test(replies[index]?.[0]?.message ?? ''));
  }
  return replies;
}

async function runPipeline(redis: RedisConnection, commands: readonly BatchCommand[]): Promise<BatchReply[]> {
  const pipeline = redis.pipeline();
  for (const command of commands) command.queue(pipeline);
  if (pipeline.length !== commands.length) throw new Error('a batch command must queue exactly one command');
  const results = await pipeline.exec();
  if (results === null) throw new Error('redis pipeline was discarded');
  return results;
}

function settle(replies: readonly BatchReply[]): unknown[] {
  return replies.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

function slotOf(commands: readonly BatchCommand[], index: number): number {
  return calculateSlot((commands[index] as BatchCommand).key);
}

function groupBy<K>(indices: readonly number[], keyOf: (index: number) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  for (const index of indices) {
    const key = keyOf(index);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [index]);
    else group.push(index);
  }
  return groups;
}

function refreshSlots(cluster: Cluster): Promise<void> {
  return new Promise((resolve, reject) => {
    cluster.refreshSlotsCache((error) => (error ? reject(error) : resolve()));
  });
}
