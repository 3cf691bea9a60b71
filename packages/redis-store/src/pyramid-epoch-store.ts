// The shards' part in the pyramid epochs (docs/value-pyramid.md): each shard's counts at each
// epoch, the levels announced to its customers, and the messages announcing the last epoch
// until the broker has them. Every key of a shard carries its hash tag, so one MULTI covers an
// announcement on a Redis Cluster too.

import type { RedisConnection } from './create-redis.js';
import type { KeyLayout } from './keys.js';
import { decodeOutbox, encodeOutbox, type OutboxMessage } from './outbox-codec.js';
import { type BatchCommand, runBatch } from './slot-pipeline.js';

/** How far a shard has come through the epochs; undefined before its first. */
export interface EpochProgress {
  readonly counted: number | undefined;
  readonly announced: number | undefined;
  /** The earliest counted epoch that late input changed, to count again. */
  readonly recount: number | undefined;
  /** The recount counter (recounts()) the shard's announced levels were last checked at. */
  readonly reconciled: number;
}

const PROGRESS_FIELDS = ['counted', 'announced', 'recount', 'reconciled'] as const;

function toProgress([counted, announced, recount, reconciled]: readonly (string | null)[]): EpochProgress {
  return {
    counted: optionalNumber(counted),
    announced: optionalNumber(announced),
    recount: optionalNumber(recount),
    reconciled: optionalNumber(reconciled) ?? 0,
  };
}

/** A customer's announced pyramid level and the epoch it holds since. */
export interface AnnouncedLevel {
  readonly level: string;
  readonly since: number;
}

const optionalNumber = (value: string | null | undefined) =>
  value === null || value === undefined ? undefined : Number(value);

export class PyramidEpochStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly keys: KeyLayout,
  ) {}

  async progress(shard: number): Promise<EpochProgress> {
    return toProgress(await this.redis.hmget(this.keys.shard(shard).pyramidEpochs, ...PROGRESS_FIELDS));
  }

  /** The progress of every shard below `shardCount`, in one batch. */
  async progressOf(shardCount: number): Promise<EpochProgress[]> {
    const replies = await runBatch(
      this.redis,
      Array.from({ length: shardCount }, (_, shard): BatchCommand => {
        const key = this.keys.shard(shard).pyramidEpochs;
        return { key, queue: (p) => p.hmget(key, ...PROGRESS_FIELDS) };
      }),
    );
    return (replies as (string | null)[][]).map(toProgress);
  }

  /** Records the shard's counts at an epoch; the same counts may be recorded again. */
  async saveCounts(shard: number, epoch: number, counts: ReadonlyMap<number, number>): Promise<void> {
    const key = this.keys.shard(shard).pyramidEpochs;
    const { counted } = await this.progress(shard);
    const fields: Record<string, string> = { [String(epoch)]: JSON.stringify([...counts]) };
    // Never back: a shard recounting an earlier epoch (late input) keeps its later ones counted.
    if (counted === undefined || epoch > counted) fields.counted = String(epoch);
    await this.redis.hset(key, fields);
  }

  /** The earliest epoch any shard below `shardCount` has counted, undefined before the first. */
  async firstCounted(shardCount: number): Promise<number | undefined> {
    const replies = await runBatch(
      this.redis,
      Array.from({ length: shardCount }, (_, shard): BatchCommand => {
        const key = this.keys.shard(shard).pyramidEpochs;
        return { key, queue: (p) => p.hkeys(key) };
      }),
    );
    const epochs = (replies as string[][])
      .flat()
      .filter((field) => /^-?\d+$/.test(field))
      .map(Number);
    return epochs.length === 0 ? undefined : Math.min(...epochs);
  }

  /** Asks for the shard's epochs from `epoch` on to be counted again (late input changed them). */
  async markRecount(shard: number, epoch: number): Promise<void> {
    const { recount } = await this.progress(shard);
    if (recount === undefined || epoch < recount)
      await this.redis.hset(this.keys.shard(shard).pyramidEpochs, 'recount', String(epoch));
  }

  /**
   * Records that the shard counted its epochs again from `from`: its recount request is done,
   * and the recount counter moves on, so that every shard checks its announced levels.
   */
  async recounted(shard: number, from: number): Promise<void> {
    const key = this.keys.shard(shard).pyramidEpochs;
    const { recount } = await this.progress(shard);
    // A later request (a newer late event) for an earlier epoch stays to be done.
    if (recount !== undefined && recount >= from) await this.redis.hdel(key, 'recount');
    await this.redis.incr(this.keys.pyramidRecounts());
  }

  /** How many recounts any shard has made. */
  async recounts(): Promise<number> {
    return Number((await this.redis.get(this.keys.pyramidRecounts())) ?? 0);
  }

  /** Records the recount counter the shard's announced levels were checked at. */
  async reconciled(shard: number, recounts: number): Promise<void> {
    await this.redis.hset(this.keys.shard(shard).pyramidEpochs, 'reconciled', String(recounts));
  }

  /** Each shard's counts at an epoch, undefined for a shard that has not counted it. */
  async counts(shardCount: number, epoch: number): Promise<(Map<number, number> | undefined)[]> {
    const replies = await runBatch(
      this.redis,
      Array.from({ length: shardCount }, (_, shard): BatchCommand => {
        const key = this.keys.shard(shard).pyramidEpochs;
        return { key, queue: (p) => p.hget(key, String(epoch)) };
      }),
    );
    return replies.map((reply) =>
      typeof reply === 'string' ? new Map(JSON.parse(reply) as [number, number][]) : undefined,
    );
  }

  /** Every customer in the shard's pyramid sketch (those with a sale), in no order. */
  async members(shard: number): Promise<string[]> {
    return this.redis.hkeys(this.keys.shard(shard).pyramidMembers);
  }

  /** The levels last announced to customers of the shard, with their epoch (undefined: none yet). */
  async levels(shard: number, customerIds: readonly string[]): Promise<(AnnouncedLevel | undefined)[]> {
    if (customerIds.length === 0) return [];
    const levels = await this.redis.hmget(this.keys.shard(shard).pyramidLevels, ...customerIds);
    return levels.map((field) => {
      if (field === null) return undefined;
      const at = field.indexOf('@');
      return { level: field.slice(0, at), since: Number(field.slice(at + 1)) };
    });
  }

  /**
   * Records an epoch's level changes of the shard with the messages announcing them, in one
   * MULTI: a crash leaves either none of it or all of it, the messages waiting in the outbox.
   * Called once per epoch with every change of the shard, after the previous outbox was sent.
   */
  async announce(
    shard: number,
    epoch: number,
    changes: readonly ({ readonly customerId: string } & AnnouncedLevel)[],
    outbox: readonly OutboxMessage[],
  ): Promise<void> {
    const keys = this.keys.shard(shard);
    const multi = this.redis.multi();
    if (changes.length > 0)
      multi.hset(
        keys.pyramidLevels,
        Object.fromEntries(changes.map((c) => [c.customerId, `${c.level}@${c.since}`])),
      );
    multi.hset(keys.pyramidEpochs, 'announced', String(epoch));
    if (outbox.length > 0) multi.set(keys.pyramidOutbox, encodeOutbox(outbox));
    else multi.del(keys.pyramidOutbox);
    const replies = await multi.exec();
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (replies === null || failed) throw failed ?? new Error('the pyramid announcement was discarded');
  }

  /** The messages of the last announced epoch the broker has not acknowledged yet. */
  async outbox(shard: number): Promise<OutboxMessage[]> {
    const bytes = await this.redis.getBuffer(this.keys.shard(shard).pyramidOutbox);
    return bytes === null ? [] : decodeOutbox(bytes);
  }

  async clearOutbox(shard: number): Promise<void> {
    await this.redis.del(this.keys.shard(shard).pyramidOutbox);
  }
}
