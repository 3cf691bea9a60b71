import { KeyLayout } from '@loyalty/redis-store';
import type { Redis } from 'ioredis';

/** Redis's used_memory (bytes the allocator holds for data and overhead). */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)\r?$/m.exec(info);
  if (match?.[1] === undefined) throw new Error('INFO memory has no used_memory line');
  return Number(match[1]);
}

/** Calls and server-side microseconds of one Redis command. */
export interface CommandStat {
  readonly command: string;
  readonly calls: number;
  readonly usec: number;
}

/** Redis's own count of calls and time per command since it started (INFO commandstats). */
export async function commandStats(redis: Redis): Promise<Map<string, CommandStat>> {
  const stats = new Map<string, CommandStat>();
  for (const match of (await redis.info('commandstats')).matchAll(
    /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm,
  )) {
    const [, command = '', calls = '0', usec = '0'] = match;
    stats.set(command, { command, calls: Number(calls), usec: Number(usec) });
  }
  return stats;
}

/** The commands that took Redis the most time between two snapshots, most first. */
export function busiestCommands(
  before: ReadonlyMap<string, CommandStat>,
  after: ReadonlyMap<string, CommandStat>,
  top = 6,
): CommandStat[] {
  return [...after.values()]
    .map((stat) => ({
      command: stat.command,
      calls: stat.calls - (before.get(stat.command)?.calls ?? 0),
      usec: stat.usec - (before.get(stat.command)?.usec ?? 0),
    }))
    .filter((stat) => stat.calls > 0)
    .sort((a, b) => b.usec - a.usec)
    .slice(0, top);
}

/** The Redis server's process id (INFO server), for measuring its CPU time. */
export async function redisPid(redis: Redis): Promise<number | undefined> {
  const match = /^process_id:(\d+)\r?$/m.exec(await redis.info('server'));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** What one kind of a customer's keys takes, averaged over the sample. */
export interface KeySample {
  readonly bytes: number;
  readonly fields: number;
  /** How many sampled keys Redis stores in each encoding (listpack is compact, hashtable is not). */
  readonly encodings: Readonly<Record<string, number>>;
}

export interface CustomerKeySample {
  readonly customers: number;
  readonly bytesPerCustomer: number;
  /** The shards' due-time indexes (one member per customer with a timer), per customer of the workload. */
  readonly dueIndexBytesPerCustomer: number;
  /** The customer's hash: history entries and the last evaluation. */
  readonly customer: KeySample;
}

/**
 * MEMORY USAGE, field counts and encodings of the keys of the sampled customers, averaged:
 * a cross-check of the used_memory delta that other clients of the same server cannot
 * disturb, and what the bytes are made of, with the shards' due-time indexes apart.
 */
export async function sampleCustomerKeys(
  redis: Redis,
  prefix: string,
  customerIds: readonly string[],
  { customers, shards }: { readonly customers: number; readonly shards: number },
): Promise<CustomerKeySample> {
  const layout = new KeyLayout(prefix);
  let dueBytes = 0;
  for (let shard = 0; shard < shards; shard++) {
    dueBytes += Number((await redis.memory('USAGE', layout.shard(shard).due, 'SAMPLES', 0)) ?? 0);
  }
  const pipeline = redis.pipeline();
  for (const id of customerIds) {
    const key = layout.customer(id);
    pipeline.memory('USAGE', key, 'SAMPLES', 0);
    pipeline.hlen(key);
    pipeline.object('ENCODING', key);
  }
  const replies = ((await pipeline.exec()) ?? []).map(([error, reply]) => (error === null ? reply : null));
  const sum = { bytes: 0, fields: 0, encodings: {} as Record<string, number> };
  replies.forEach((reply, i) => {
    if (i % 3 === 0 && typeof reply === 'number') sum.bytes += reply;
    if (i % 3 === 1 && typeof reply === 'number') sum.fields += reply;
    if (i % 3 === 2 && typeof reply === 'string') sum.encodings[reply] = (sum.encodings[reply] ?? 0) + 1;
  });
  const n = Math.max(customerIds.length, 1);
  const customer: KeySample = {
    bytes: Math.round(sum.bytes / n),
    fields: Math.round((sum.fields / n) * 10) / 10,
    encodings: sum.encodings,
  };
  return {
    customers: customerIds.length,
    bytesPerCustomer: customer.bytes,
    dueIndexBytesPerCustomer: Math.round(dueBytes / Math.max(customers, 1)),
    customer,
  };
}
