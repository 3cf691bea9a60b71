import { erasureSubject } from '@loyalty/contracts';
import type { HistoryEntry } from '@loyalty/core';
import { isCommandRefusal } from './command-refusal.js';
import type { RedisConnection } from './create-redis.js';
import { decodeEntry, encodeEntry, eventIdHash } from './entry-codec.js';
import { KeyLayout } from './keys.js';
import { decodeOutbox, encodeOutbox, type OutboxMessage } from './outbox-codec.js';
import { PyramidEpochStore } from './pyramid-epoch-store.js';
import { callScript, defineScripts, queueScript, ScriptCode } from './scripts.js';
import { type BatchCommand, type BatchReply, runBatch, runBatchReplies } from './slot-pipeline.js';

/**
 * What applying one event did: applied; a duplicate (nothing changed); refused by a bound
 * (the history is full; the customer's money total would leave the safe integer range); or
 * refused by Redis for what is stored at the customer's key (its error text).
 */
export type ApplyOutcome =
  | 'applied'
  | 'duplicate'
  | 'history_full'
  | 'amount_overflow'
  | { readonly refused: string };

/** The largest sum of |amountMinor| one customer's history may reach: sums stay exact integers. */
export const MAX_CUSTOMER_MONEY_MINOR = Number.MAX_SAFE_INTEGER;

/** An input event, reduced to its history entry, for one customer of one shard. */
export interface EventToApply {
  readonly customerId: string;
  readonly shard: number;
  readonly entry: HistoryEntry;
}

/** The values last emitted for a customer and the event time they hold at. */
export interface Evaluation<V> {
  readonly asOf: number;
  readonly values: V;
}

/** Everything stored about one customer. */
export interface CustomerState<V> {
  readonly history: HistoryEntry[];
  readonly evaluation: Evaluation<V> | undefined;
  /** Messages saved with the evaluation whose acknowledgement was not recorded: to send again. */
  readonly outbox: readonly OutboxMessage[];
}

export interface EvaluationToSave<V> {
  readonly customerId: string;
  readonly shard: number;
  readonly evaluation: Evaluation<V>;
  /** The next event time at which a value may change without a new event; none removes the timer. */
  readonly nextDueAt: number | undefined;
  /**
   * The messages announcing the evaluation, kept until clearOutboxes. Meanwhile the customer is
   * due at once, so that an evaluation after a crash finds them and sends them again.
   */
  readonly outbox?: readonly OutboxMessage[];
}

/** A customer whose outbox the broker acknowledged, and its timer from then on. */
export interface OutboxSent {
  readonly customerId: string;
  readonly shard: number;
  readonly nextDueAt: number | undefined;
}

const EMPTY = Buffer.alloc(0);

/** The due time of a customer with an unsent outbox: before any watermark. */
const DUE_AT_ONCE = Number.MIN_SAFE_INTEGER;

export interface CustomerStoreOptions {
  readonly prefix: string;
  /** Bound on one customer's stored history (and record of seen event ids). */
  readonly maxHistoryEntries: number;
  /** LOYALTY_ERASURE_SECRET, which names erased customers in tombstones. */
  readonly erasureSecret: string;
}

/** What erasing one customer's state removed. */
export interface RedisErasure {
  /** Customer keys deleted (0 to 2: the state hash, and an outbox not yet acknowledged). */
  readonly keysDeleted: number;
  /** Entries removed from the shards' due sets (the customer's timers). */
  readonly timersRemoved: number;
}

/** How many customers' erasure subjects are kept between batches. */
const SUBJECTS_KEPT = 100_000;

/**
 * Per-customer state in Redis, on one server or a Cluster. Every write goes through a Lua
 * script or an idempotent command, and every batch is one pipeline per server (runBatch): no
 * round trip per event.
 */
export class CustomerStore<V> {
  readonly #subjects = new Map<string, string>();
  readonly keys: KeyLayout;
  /** The shards' part in the pyramid epochs, under the same prefix. */
  readonly epochs: PyramidEpochStore;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: CustomerStoreOptions,
  ) {
    this.keys = new KeyLayout(options.prefix);
    this.epochs = new PyramidEpochStore(redis, this.keys);
    defineScripts(redis);
  }

  /**
   * Applies events once each (idempotent on eventId inside the script), in one batch; returns
   * one outcome per event. The caller evaluates the customers, or marks them due (markDue),
   * before it acknowledges the events.
   */
  async applyEvents(events: readonly EventToApply[]): Promise<ApplyOutcome[]> {
    const commands = events.map(({ customerId, entry }): BatchCommand => {
      const key = this.keys.customer(customerId);
      const money = entry.kind === 'purchase' ? Math.abs(entry.amountMinor) : 0;
      const args = [
        key,
        eventIdHash(entry.eventId),
        encodeEntry(entry),
        this.options.maxHistoryEntries,
        money,
        MAX_CUSTOMER_MONEY_MINOR,
      ];
      return { key, queue: (p) => queueScript(p, 'applyEvent', ...args) };
    });
    const replies = await runBatchReplies(this.redis, commands);
    return replies.map(([error, reply]): ApplyOutcome => {
      if (error !== null) {
        // The customer's own data refused this event; anything else is the batch's to retry.
        if (isCommandRefusal(error)) return { refused: error.message };
        throw error;
      }
      if (reply === 1) return 'applied';
      if (reply === 0) return 'duplicate';
      if (reply === ScriptCode.HistoryFull) return 'history_full';
      if (reply === ScriptCode.MoneyOutOfRange) return 'amount_overflow';
      return unexpected(reply);
    });
  }

  /**
   * Makes each event's customer due at the event's time unless already due earlier (LT), in
   * one batch. Meant for duplicates too, so that a crash before the customer's evaluation
   * heals on redelivery.
   */
  async markDue(events: readonly EventToApply[]): Promise<void> {
    // One command per customer: only the earliest of a customer's events can lower its time.
    const earliest = new Map<string, { shard: number; at: number }>();
    for (const { customerId, shard, entry } of events) {
      const known = earliest.get(customerId);
      if (known === undefined || entry.at < known.at) earliest.set(customerId, { shard, at: entry.at });
    }
    await runBatch(
      this.redis,
      [...earliest].map(([customerId, { shard, at }]): BatchCommand => {
        const due = this.keys.shard(shard).due;
        return { key: due, queue: (p) => p.zadd(due, 'LT', at, customerId) };
      }),
    );
  }

  /** Removes customers' timers from a shard's due set (customers that cannot be evaluated). */
  async dropTimers(shard: number, customerIds: readonly string[]): Promise<void> {
    if (customerIds.length > 0) await this.redis.zrem(this.keys.shard(shard).due, ...customerIds);
  }

  /** Customers of a shard whose next possible change is at or before `upTo`, earliest first. */
  async dueCustomers(shard: number, upTo: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.keys.shard(shard).due, '-inf', upTo, 'LIMIT', 0, limit);
  }

  /**
   * Loads the history and last evaluation of several customers, in one batch (a customer with
   * nothing stored has an empty history). A customer whose key Redis refuses to read as a hash,
   * or whose stored fields do not decode, is left out of the map: one damaged key must not stop
   * the shard.
   */
  async loadCustomers(customerIds: readonly string[]): Promise<Map<string, CustomerState<V>>> {
    const replies = await runBatchReplies(
      this.redis,
      customerIds.flatMap((id): BatchCommand[] => {
        const key = this.keys.customer(id);
        const outbox = this.keys.outbox(id);
        return [
          { key, queue: (p) => p.hgetall(key) },
          { key: outbox, queue: (p) => p.getBuffer(outbox) },
        ];
      }),
    );
    const states = new Map<string, CustomerState<V>>();
    customerIds.forEach((id, i) => {
      const [error, reply] = replies[2 * i] as BatchReply;
      const [outboxError, outbox] = replies[2 * i + 1] as BatchReply;
      for (const failure of [error, outboxError])
        if (failure !== null && !isCommandRefusal(failure)) throw failure;
      const state =
        error === null && outboxError === null
          ? decodeState<V>(reply as Record<string, string>, outbox as Buffer | null)
          : undefined;
      if (state !== undefined) states.set(id, state);
    });
    return states;
  }

  /**
   * Records evaluations (never back in time) with their outboxes, and sets or clears each
   * customer's timer.
   */
  async saveEvaluations(items: readonly EvaluationToSave<V>[]): Promise<void> {
    const commands: BatchCommand[] = [];
    for (const { customerId, shard, evaluation, nextDueAt, outbox = [] } of items) {
      const key = this.keys.customer(customerId);
      const outboxKey = this.keys.outbox(customerId);
      const values = JSON.stringify(evaluation.values);
      const pending = outbox.length > 0 ? encodeOutbox(outbox) : EMPTY;
      commands.push({
        key,
        queue: (p) => queueScript(p, 'saveEvaluation', key, outboxKey, evaluation.asOf, values, pending),
      });
      commands.push(this.timer(customerId, shard, outbox.length > 0 ? DUE_AT_ONCE : nextDueAt));
    }
    await runBatch(this.redis, commands);
  }

  /** Forgets outboxes the broker acknowledged, and gives their customers their real timers. */
  async clearOutboxes(items: readonly OutboxSent[]): Promise<void> {
    const commands: BatchCommand[] = [];
    for (const { customerId, shard, nextDueAt } of items) {
      const key = this.keys.outbox(customerId);
      commands.push({ key, queue: (p) => p.del(key) });
      commands.push(this.timer(customerId, shard, nextDueAt));
    }
    await runBatch(this.redis, commands);
  }

  /**
   * Erases a customer: records their tombstone (kept at the latest erasure time), then deletes
   * their keys, their timer in the due set of every shard below `shardCount` and their place in
   * the shard's pyramid sketch. Idempotent.
   * One batch, not a MULTI: the keys lie in different Cluster slots, and an event the
   * aggregator applies in between is what a second erase (the CLI's final sweep) removes.
   */
  async erase(customerId: string, erasedAtMs: number, shardCount: number): Promise<RedisErasure> {
    const key = this.keys.customer(customerId);
    const erasures = this.keys.erasures();
    const subject = this.erasureSubject(customerId);
    const [, deleted, ...removed] = await runBatch(this.redis, [
      { key: erasures, queue: (p) => p.zadd(erasures, 'GT', erasedAtMs, subject) },
      // The outbox shares the customer's hash tag: one slot, one DEL.
      { key, queue: (p) => p.del(key, this.keys.outbox(customerId)) },
      ...this.dueSets(shardCount).map(
        (due): BatchCommand => ({ key: due, queue: (p) => p.zrem(due, customerId) }),
      ),
      ...this.shardNumbers(shardCount).map((shard): BatchCommand => {
        const { pyramidMembers, pyramidCounts } = this.keys.shard(shard);
        return {
          key: pyramidMembers,
          queue: (p) => queueScript(p, 'placeInPyramid', pyramidMembers, pyramidCounts, customerId, ''),
        };
      }),
      ...this.shardNumbers(shardCount).map((shard): BatchCommand => {
        const levels = this.keys.shard(shard).pyramidLevels;
        return { key: levels, queue: (p) => p.hdel(levels, customerId) };
      }),
    ]);
    return {
      keysDeleted: Number(deleted),
      timersRemoved: removed.slice(0, shardCount).reduce<number>((sum, reply) => sum + Number(reply), 0),
    };
  }

  /**
   * The erased customers among `customerIds`, with their latest erasure time: an event of theirs
   * that occurred at or before it is to be dropped, a later one starts a new profile. One
   * ZMSCORE for the whole batch.
   */
  async erasedBefore(customerIds: readonly string[]): Promise<Map<string, number>> {
    const ids = [...new Set(customerIds)];
    const erased = new Map<string, number>();
    if (ids.length === 0) return erased;
    const times = await this.redis.zmscore(this.keys.erasures(), ...ids.map((id) => this.erasureSubject(id)));
    ids.forEach((id, i) => {
      const at = times[i];
      if (at !== null && at !== undefined) erased.set(id, Number(at));
    });
    return erased;
  }

  /**
   * How many of a customer's keys, timers and pyramid places and levels (shards below `shardCount`) exist:
   * 0 once erased.
   */
  async traces(customerId: string, shardCount: number): Promise<number> {
    const key = this.keys.customer(customerId);
    const [existing, ...found] = await runBatch(this.redis, [
      { key, queue: (p) => p.exists(key, this.keys.outbox(customerId)) },
      ...this.dueSets(shardCount).map(
        (due): BatchCommand => ({ key: due, queue: (p) => p.zscore(due, customerId) }),
      ),
      ...this.shardNumbers(shardCount).map((shard): BatchCommand => {
        const members = this.keys.shard(shard).pyramidMembers;
        return { key: members, queue: (p) => p.hget(members, customerId) };
      }),
      ...this.shardNumbers(shardCount).map((shard): BatchCommand => {
        const levels = this.keys.shard(shard).pyramidLevels;
        return { key: levels, queue: (p) => p.hget(levels, customerId) };
      }),
    ]);
    return Number(existing) + found.filter((reply) => reply !== null).length;
  }

  /**
   * Places customers of a shard in the value buckets of their current value (null: out of the
   * pyramid), keeping the shard's sketch; idempotent, so it runs before the evaluations it
   * reflects are saved. Returns how many moved.
   */
  async placeInPyramid(
    shard: number,
    placements: readonly { readonly customerId: string; readonly bucket: number | null }[],
  ): Promise<number> {
    if (placements.length === 0) return 0;
    const { pyramidMembers, pyramidCounts } = this.keys.shard(shard);
    const args = placements.flatMap(({ customerId, bucket }) => [
      customerId,
      bucket === null ? '' : String(bucket),
    ]);
    return Number(await callScript(this.redis, 'placeInPyramid', pyramidMembers, pyramidCounts, ...args));
  }

  /** The pyramid sketch of each shard below `shardCount`: customers per value bucket. */
  async pyramidCounts(shardCount: number): Promise<Map<number, number>[]> {
    const replies = await runBatch(
      this.redis,
      this.shardNumbers(shardCount).map((shard): BatchCommand => {
        const key = this.keys.shard(shard).pyramidCounts;
        return { key, queue: (p) => p.hgetall(key) };
      }),
    );
    return replies.map(
      (reply) =>
        new Map(
          Object.entries(reply as Record<string, string>).map(([bucket, count]) => [
            Number(bucket),
            Number(count),
          ]),
        ),
    );
  }

  /** The shard's watermark, if one was recorded. */
  async watermark(shard: number): Promise<number | undefined> {
    const value = await this.redis.hget(this.keys.shard(shard).watermark, 'watermark');
    return value === null ? undefined : Number(value);
  }

  /**
   * Moves the shard's watermark forward (never back) and records the event time its input
   * `reached` (never back either); returns the watermark in force.
   */
  async advanceWatermark(shard: number, proposed: number, reached?: number): Promise<number> {
    return Number(
      await callScript(
        this.redis,
        'advanceWatermark',
        this.keys.shard(shard).watermark,
        proposed,
        reached ?? '',
      ),
    );
  }

  /** The greatest event time the shard's input reached, as last recorded with its watermark. */
  async reached(shard: number): Promise<number | undefined> {
    const value = await this.redis.hget(this.keys.shard(shard).watermark, 'reached');
    return value === null ? undefined : Number(value);
  }

  private timer(customerId: string, shard: number, dueAt: number | undefined): BatchCommand {
    const due = this.keys.shard(shard).due;
    return {
      key: due,
      queue: (p) => (dueAt === undefined ? p.zrem(due, customerId) : p.zadd(due, dueAt, customerId)),
    };
  }

  private dueSets(shardCount: number): string[] {
    return this.shardNumbers(shardCount).map((shard) => this.keys.shard(shard).due);
  }

  private shardNumbers(shardCount: number): number[] {
    return Array.from({ length: shardCount }, (_, shard) => shard);
  }

  private erasureSubject(customerId: string): string {
    let subject = this.#subjects.get(customerId);
    if (subject === undefined) {
      // Bounded by starting over: the map only saves recomputing an HMAC per customer and batch.
      if (this.#subjects.size >= SUBJECTS_KEPT) this.#subjects.clear();
      subject = erasureSubject(this.options.erasureSecret, customerId);
      this.#subjects.set(customerId, subject);
    }
    return subject;
  }
}

// A hash's fields as a customer's state, or undefined when they do not decode (damaged data).
function decodeState<V>(fields: Record<string, string>, outbox: Buffer | null): CustomerState<V> | undefined {
  const { asOf, values, money: _money, n: _n, ...entries } = fields;
  try {
    return {
      history: Object.entries(entries).map(([field, stored]) => decodeEntry(field, stored)),
      evaluation:
        asOf === undefined || values === undefined
          ? undefined
          : { asOf: Number(asOf), values: JSON.parse(values) as V },
      outbox: outbox === null ? [] : decodeOutbox(outbox),
    };
  } catch {
    return undefined;
  }
}

function unexpected(reply: unknown): never {
  throw new Error(`unexpected reply from applyEvent: ${String(reply)}`);
}
