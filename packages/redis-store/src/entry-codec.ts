import { createHash } from 'node:crypto';
import type { HistoryEntry } from '@loyalty/core';

// A customer's history is most of what Redis keeps of them (the goal is under 1 KiB per
// customer), so an entry is a short text: a kind letter, then ':'-separated fields of which
// only the last may be free text, written as JSON so that any character is safe:
//   purchase   p<at>:<s|r>:<amount>:<orderId>:<categories as a JSON array>
//   complaint  c<at>:<status>:<severity>:<satisfaction, or empty>:<complaintId as a JSON string>
//   campaign   r<at>:<response>
//   wallet     w<at>:<walletMinor>
// Times and amounts are integers in base 36. The fields before the last never hold ':' (enum
// values, numbers, the aggregator's base64url order keys).

/**
 * The stored form of an event id: 72 bits of its SHA-1, base64url. Ids are up to 128
 * characters; a per-customer collision needs ~2^36 events of one customer.
 */
export function eventIdHash(eventId: string): string {
  return createHash('sha1').update(eventId).digest('base64url').slice(0, 12);
}

const int36 = (n: number) => n.toString(36);

function parseInt36(text: string | undefined): number {
  const n = Number.parseInt(text ?? '', 36);
  if (!Number.isSafeInteger(n))
    throw new TypeError(`stored history entry has a bad number ${JSON.stringify(text)}`);
  return n;
}

/** The first `count` ':'-separated fields of `text` and the rest (which may hold ':'). */
function fields(text: string, count: number): [string[], string] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const end = text.indexOf(':', from);
    if (end < 0) throw new TypeError(`stored history entry has too few fields: ${JSON.stringify(text)}`);
    parts.push(text.slice(from, end));
    from = end + 1;
  }
  return [parts, text.slice(from)];
}

/** Encodes an entry for the customer's hash (its event id is the hash field, not repeated). */
export function encodeEntry(entry: HistoryEntry): string {
  switch (entry.kind) {
    case 'purchase':
      if (entry.orderId.includes(':')) throw new TypeError('an order key must not contain ":"');
      return `p${int36(entry.at)}:${entry.type === 'sale' ? 's' : 'r'}:${int36(entry.amountMinor)}:${entry.orderId}:${JSON.stringify(entry.categories)}`;
    case 'complaint':
      return `c${int36(entry.at)}:${entry.status}:${entry.severity}:${entry.satisfaction ?? ''}:${JSON.stringify(entry.complaintId)}`;
    case 'campaign':
      return `r${int36(entry.at)}:${entry.response}`;
    case 'wallet':
      return `w${int36(entry.at)}:${int36(entry.walletMinor)}`;
  }
}

/** Decodes a stored entry; `field` (the event id hash) becomes its eventId. */
export function decodeEntry(field: string, stored: string): HistoryEntry {
  const kind = stored[0];
  const body = stored.slice(1);
  switch (kind) {
    case 'p': {
      const [[at, type, amount, orderId = ''], categories] = fields(body, 4);
      return {
        kind: 'purchase',
        eventId: field,
        at: parseInt36(at),
        type: type === 's' ? 'sale' : 'return',
        amountMinor: parseInt36(amount),
        orderId,
        categories: JSON.parse(categories) as string[],
      };
    }
    case 'c': {
      const [[at, status, severity, satisfaction], complaintId] = fields(body, 4);
      return {
        kind: 'complaint',
        eventId: field,
        at: parseInt36(at),
        complaintId: JSON.parse(complaintId) as string,
        status: status as Extract<HistoryEntry, { kind: 'complaint' }>['status'],
        severity: severity as Extract<HistoryEntry, { kind: 'complaint' }>['severity'],
        ...(satisfaction === '' || satisfaction === undefined ? {} : { satisfaction: Number(satisfaction) }),
      };
    }
    case 'r': {
      const [[at], response] = fields(body, 1);
      return {
        kind: 'campaign',
        eventId: field,
        at: parseInt36(at),
        response: response as Extract<HistoryEntry, { kind: 'campaign' }>['response'],
      };
    }
    case 'w': {
      const [[at], walletMinor] = fields(body, 1);
      return { kind: 'wallet', eventId: field, at: parseInt36(at), walletMinor: parseInt36(walletMinor) };
    }
    default:
      throw new TypeError(`stored history entry of unknown kind: ${JSON.stringify(stored.slice(0, 40))}`);
  }
}
