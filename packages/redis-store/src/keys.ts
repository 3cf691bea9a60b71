// The one place that knows the Redis key layout. Every key of a customer carries the hash
// tag {customerId}, so multi-key scripts stay on one Redis Cluster slot; every key of a
// shard (Kafka partition number) carries {s<n>}; the model key is global.

/** The keys of one customer. */
export interface CustomerKeys {
  /** HASH eventIdHash -> encoded history entry: the history, and the record of seen ids. */
  readonly history: string;
  /** HASH of order-independent lifetime aggregates (counts, sums, first/last). */
  readonly aggregates: string;
  /** HASH { asOf, values }: the values last emitted and the event time they hold at. */
  readonly evaluation: string;
}

/** The keys of one shard: the customers of one partition number across the input topics. */
export interface ShardKeys {
  /** ZSET customerId -> the next event time at which a value may change. */
  readonly due: string;
  /** HASH of watermark state of the shard. */
  readonly watermark: string;
}

/** Builds every key name from one prefix (REDIS_KEY_PREFIX). */
export class KeyLayout {
  constructor(private readonly prefix: string) {}

  customer(customerId: string): CustomerKeys {
    const base = `${this.prefix}c:{${customerId}}`;
    return { history: `${base}:h`, aggregates: `${base}:a`, evaluation: `${base}:e` };
  }

  shard(shard: number): ShardKeys {
    const base = `${this.prefix}s:{s${shard}}`;
    return { due: `${base}:due`, watermark: `${base}:wm` };
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
   * A pattern matching every key this layout writes (for tests and erasure audits): scanKeys
   * and deleteKeys walk it on every master of a Cluster.
   */
  everything(): string {
    return `${this.prefix}*`;
  }
}
