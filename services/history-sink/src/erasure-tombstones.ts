import { erasureSubject, isErasedEvent } from '@loyalty/contracts';

/**
 * The erased customers the sink knows of, by erasure subject (the keyed hash of the id), with
 * their latest erasure time. Filled from the erasure audit table and from customer-erased
 * events; it only grows, since an erasure is never undone.
 */
export class ErasureTombstones {
  private readonly erasedAt = new Map<string, number>();

  constructor(private readonly secret: string) {}

  /** How many erased customers are known. */
  get size(): number {
    return this.erasedAt.size;
  }

  /** Adds a tombstone, keeping the later time when the subject already has one. */
  add(subject: string, erasedAtMs: number): void {
    const known = this.erasedAt.get(subject);
    if (known === undefined || erasedAtMs > known) this.erasedAt.set(subject, erasedAtMs);
  }

  /** Adds the tombstone of a customer named by their id (a customer-erased event). */
  addCustomer(customerId: string, erasedAtMs: number): void {
    this.add(erasureSubject(this.secret, customerId), erasedAtMs);
  }

  /** Whether an event of `customerId` at `atMs` falls under an erasure (isErasedEvent) and must not be stored. */
  covers(customerId: string, atMs: number): boolean {
    // No hash at all while nobody is erased: the common case costs nothing per message.
    if (this.erasedAt.size === 0) return false;
    return isErasedEvent(atMs, this.erasedAt.get(erasureSubject(this.secret, customerId)));
  }
}
