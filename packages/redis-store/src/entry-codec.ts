import { createHash } from 'node:crypto';
import type { HistoryEntry } from '@loyalty/core';

// History entries are stored as short JSON arrays: a customer's state must stay small
// (the goal is under 1 KiB per customer), and JSON.parse of arrays is fast.

type Encoded =
  | ['p', number, 's' | 'r', number, string, string[]]
  | ['c', number, string, HistoryComplaintStatus, HistoryComplaintSeverity, number | null]
  | ['r', number, HistoryCampaignResponse];

type HistoryComplaintStatus = Extract<HistoryEntry, { kind: 'complaint' }>['status'];
type HistoryComplaintSeverity = Extract<HistoryEntry, { kind: 'complaint' }>['severity'];
type HistoryCampaignResponse = Extract<HistoryEntry, { kind: 'campaign' }>['response'];

/**
 * The stored form of an event id: 72 bits of its SHA-1, base64url. Ids are up to 128
 * characters; a per-customer collision needs ~2^36 events of one customer.
 */
export function eventIdHash(eventId: string): string {
  return createHash('sha1').update(eventId).digest('base64url').slice(0, 12);
}

/** Encodes an entry for the history hash (its event id is the hash field, not repeated). */
export function encodeEntry(entry: HistoryEntry): string {
  let encoded: Encoded;
  switch (entry.kind) {
    case 'purchase':
      encoded = [
        'p',
        entry.at,
        entry.type === 'sale' ? 's' : 'r',
        entry.amountMinor,
        entry.orderId,
        [...entry.categories],
      ];
      break;
    case 'complaint':
      encoded = ['c', entry.at, entry.complaintId, entry.status, entry.severity, entry.satisfaction ?? null];
      break;
    case 'campaign':
      encoded = ['r', entry.at, entry.response];
      break;
  }
  return JSON.stringify(encoded);
}

/** Decodes a stored entry; `field` (the event id hash) becomes its eventId. */
export function decodeEntry(field: string, stored: string): HistoryEntry {
  const e = JSON.parse(stored) as Encoded;
  switch (e[0]) {
    case 'p':
      return {
        kind: 'purchase',
        eventId: field,
        at: e[1],
        type: e[2] === 's' ? 'sale' : 'return',
        amountMinor: e[3],
        orderId: e[4],
        categories: e[5],
      };
    case 'c':
      return {
        kind: 'complaint',
        eventId: field,
        at: e[1],
        complaintId: e[2],
        status: e[3],
        severity: e[4],
        ...(e[5] === null ? {} : { satisfaction: e[5] }),
      };
    case 'r':
      return { kind: 'campaign', eventId: field, at: e[1], response: e[2] };
  }
}
