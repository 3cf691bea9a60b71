// The one place that knows the Redis key layout. A customer's key carries the hash tag
// {customerId}, every key of a shard (Kafka partition number) {s<n>}, so that a script's keys
// stay on one Redis Cluster slot; the model and tombstone keys are global.

/** The keys of one shard: the customers of one partition number across the input topics. */
export interface ShardKeys {
  /** ZSET customerId -> the next event time at which a value may change. */
  readonly due: string;
  /** HASH of watermark state of the shard. */
  readonly watermark: string;
  /** HASH customerId -> value bucket of the customer's current value (the pyramid sketch's members). */
  readonly pyramidMembers: string;
  /** HASH value bucket -> customers in it: the shard's pyramid sketch. */
  readonly pyramidCounts: string;
  /**
   * HASH of the shard's part in the pyramid epochs: epoch (ms) -> the shard's counts at it
   * (JSON pairs of bucket and customers); `counted` and `announced`, the latest epoch counted and
   * the latest whose levels were announced; `recount`, the earliest counted epoch late input
   * changed; `reconciled`, the recount counter its announced levels were last checked at.
   */
  readonly pyramidEpochs: string;
  /** HASH customerId -> the pyramid level last announced for the customer. */
  readonly pyramidLevels: string;
  /** STRING: the level changes of the last announced epoch until the broker acknowledged them. */
  readonly pyramidOutbox: string;
}

/** Builds every key name from one prefix (REDIS_KEY_PREFIX). */
export class KeyLayout {
  constructor(private readonly prefix: string) {}

  /**
   * HASH of everything stored about a customer, one key so that its overhead is paid once:
   * eventIdHash (12 characters) -> encoded history entry, which is the history and the record
   * of seen ids; `asOf`, `values`: the values last emitted and the event time they hold at;
   * `n`: how many entries there are; and `money`: the sum of the history's |amountMinor|, which
   * applying an event keeps in range.
   */
  customer(customerId: string): string {
    return `${this.prefix}c:{${customerId}}`;
  }

  /**
   * STRING: the messages announcing the customer's last saved evaluation until the broker
   * acknowledged them (see CustomerStore.saveEvaluations); absent otherwise.
   */
  outbox(customerId: string): string {
    return `${this.prefix}o:{${customerId}}`;
  }

  shard(shard: number): ShardKeys {
    const base = `${this.prefix}s:{s${shard}}`;
    return {
      due: `${base}:due`,
      watermark: `${base}:wm`,
      pyramidMembers: `${base}:pyr:members`,
      pyramidCounts: `${base}:pyr:counts`,
      pyramidEpochs: `${base}:pyr:epochs`,
      pyramidLevels: `${base}:pyr:levels`,
      pyramidOutbox: `${base}:pyr:outbox`,
    };
  }

  /**
   * STRING: the JSON of the CLV model in use (a ClvModelRecord), written by `loyalty model fit`
   * and read by every aggregator. No hash tag: no script reads it with other keys.
   */
  model(): string {
    return `${this.prefix}model:clv`;
  }

  /**
   * ZSET erasureSubject -> erasure time (epoch ms): the tombstones of erased customers, named by
   * their keyed hash so that no key or member holds an erased id. One key: few customers are
   * ever erased, and a batch checks all of its customers with one ZMSCORE.
   */
  erasures(): string {
    return `${this.prefix}erasures`;
  }

  /**
   * STRING counter: how many times a shard recounted an epoch it had counted (late input); a
   * shard whose announced levels were reconciled at a lower value checks them again.
   */
  pyramidRecounts(): string {
    return `${this.prefix}pyr:recounts`;
  }

  /**
   * A pattern matching every key this layout writes (for tests and erasure audits): scanKeys
   * and deleteKeys walk it on every master of a Cluster.
   */
  everything(): string {
    return `${this.prefix}*`;
  }
}
