import { createHash } from 'node:crypto';
import { type InputEvent, occurredAtMillis } from '@loyalty/contracts';
import type { HistoryEntry } from '@loyalty/core';

/**
 * An order's key in a customer's history: the rules only tell orders apart, and every
 * customer's history lives in Redis, so 48 bits of a hash (8 characters) stand for ids of up
 * to 128. Two orders of one customer collide with odds of about n^2 / 2^49.
 */
export function orderKey(orderId: string): string {
  return createHash('sha1').update(orderId).digest('base64url').slice(0, 8);
}

/** The part of an input event the rules read, as stored in the customer's history. */
export function toHistoryEntry(event: InputEvent): HistoryEntry {
  const at = occurredAtMillis(event);
  switch (event.type) {
    case 'purchase':
      return {
        kind: 'purchase',
        eventId: event.eventId,
        at,
        orderId: orderKey(event.orderId),
        type: event.kind,
        amountMinor: event.totalMinor,
        categories: [...new Set(event.lines.map((line) => line.category))],
      };
    case 'complaint':
      return {
        kind: 'complaint',
        eventId: event.eventId,
        at,
        complaintId: event.complaintId,
        status: event.status,
        severity: event.severity,
        ...(event.status === 'resolved' ? { satisfaction: event.satisfaction } : {}),
      };
    case 'campaign-response':
      return { kind: 'campaign', eventId: event.eventId, at, response: event.response };
    case 'wallet-estimate':
      return { kind: 'wallet', eventId: event.eventId, at, walletMinor: event.walletMinor };
  }
}
