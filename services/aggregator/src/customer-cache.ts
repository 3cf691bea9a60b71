import type { HistoryEntry } from '@loyalty/core';
import type {
  CustomerState,
  Evaluation,
  EvaluationToSave,
  EventToApply,
  OutboxMessage,
} from '@loyalty/redis-store';

/**
 * What an evaluation needs of a customer: the history, the evaluation last saved, and the
 * messages saved with it that may not have reached the broker.
 */
export interface CachedCustomer<V> {
  readonly history: HistoryEntry[];
  evaluation: Evaluation<V> | undefined;
  outbox: readonly OutboxMessage[];
}

/**
 * The recently evaluated customers of the shards this instance owns, as they are in Redis,
 * so that evaluating a customer does not read their hashes back. It stays true because the
 * shard's owner is the only writer of its customers and updates it only after Redis
 * acknowledged a write. What another writer may have touched is dropped: everything when
 * partitions are reassigned, an erased customer when their tombstone is seen. Least recently
 * used customers are evicted beyond `capacity` (0 turns the cache off).
 */
export class CustomerCache<V> {
  readonly #customers = new Map<string, CachedCustomer<V>>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.#customers.size;
  }

  /** The cached customer, now the most recently used; counts a hit or a miss. */
  get(customerId: string): CachedCustomer<V> | undefined {
    const customer = this.#customers.get(customerId);
    if (customer === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // A Map iterates in insertion order: re-inserting keeps the least recently used first.
    this.#customers.delete(customerId);
    this.#customers.set(customerId, customer);
    return customer;
  }

  /** Caches a customer just read from Redis. */
  remember(customerId: string, state: CustomerState<V>): CachedCustomer<V> {
    const customer = { history: state.history, evaluation: state.evaluation, outbox: state.outbox };
    if (this.capacity === 0) return customer;
    this.#customers.delete(customerId);
    this.#customers.set(customerId, customer);
    for (const oldest of this.#customers.keys()) {
      if (this.#customers.size <= this.capacity) break;
      this.#customers.delete(oldest);
    }
    return customer;
  }

  /** Adds the events Redis applied (outcome 'applied') to the histories of cached customers. */
  applied(events: readonly EventToApply[]): void {
    for (const { customerId, entry } of events) this.#customers.get(customerId)?.history.push(entry);
  }

  /**
   * Records evaluations saved and announced (their outboxes acknowledged and cleared); like the
   * store, never one earlier than the cached.
   */
  saved(items: readonly EvaluationToSave<V>[]): void {
    for (const { customerId, evaluation } of items) {
      const customer = this.#customers.get(customerId);
      if (customer === undefined || evaluation.asOf < (customer.evaluation?.asOf ?? Number.NEGATIVE_INFINITY))
        continue;
      customer.evaluation = evaluation;
      customer.outbox = [];
    }
  }

  /** Drops customers whose state was changed by someone else (erasure). */
  forget(customerIds: Iterable<string>): void {
    for (const id of customerIds) this.#customers.delete(id);
  }

  /** Drops everything (the partitions were reassigned). */
  clear(): void {
    this.#customers.clear();
  }
}
