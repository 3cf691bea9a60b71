import { createHmac } from 'node:crypto';

/**
 * The name an erased customer keeps in tombstones and the erasure audit: HMAC-SHA256 of the
 * customer id under LOYALTY_ERASURE_SECRET, in hex. Whoever holds the secret and an id can
 * find that customer's erasure; without the secret the audit names nobody, and no list of
 * candidate ids can be tried against it (as a plain or salted hash would allow).
 */
export function erasureSubject(secret: string, customerId: string): string {
  return createHmac('sha256', secret).update(customerId, 'utf8').digest('hex');
}

/**
 * Whether an event falls under its customer's erasure (undefined: never erased): one that
 * occurred at or before the erasure is dropped, never stored again; a later one is a returning
 * customer's and starts a new, empty profile.
 */
export function isErasedEvent(occurredAtMs: number, erasedAtMs: number | undefined): boolean {
  return erasedAtMs !== undefined && occurredAtMs <= erasedAtMs;
}
