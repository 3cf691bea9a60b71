import type { InputEvent, InputEventType, RejectionReason } from '@loyalty/contracts';
import { formatInstant, UTC } from './clock.js';
import type { Rng } from './prng.js';

// Bad input as real producers send it, one defect per message, each meant to be rejected by
// the contracts' parser (parseInputMessage) with a known reason: the product must route
// every one of them to the dead-letter topic and keep going.

/** A corrupted copy of a good event and the rejection reason it is built to trigger. */
export interface Corruption {
  readonly value: Buffer;
  readonly defect: RejectionReason;
  /** Set when the defect is in the Kafka key rather than in the bytes. */
  readonly key?: string;
}

type JsonObject = Record<string, unknown>;

interface Defect {
  readonly reason: RejectionReason;
  readonly weight: number;
  /** The event types the defect can be made of; every type when absent. */
  readonly only?: readonly InputEventType[];
  readonly make: (rng: Rng, event: InputEvent, baseCurrency: string) => Buffer;
}

/** The default limit of the parser (ParserConfig.maxMessageBytes) is 64 KiB; this is above it. */
const OVERSIZED_BYTES = 70_000;
const YEAR_MS = 365.25 * 86_400_000;
const FOREIGN_CURRENCIES = ['USD', 'GBP', 'CHF', 'SEK', 'PLN'] as const;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A mutable copy with its own event id, so a bad copy is never mistaken for the good event. */
function copyOf(event: InputEvent): JsonObject {
  const copy = structuredClone(event) as JsonObject;
  copy.eventId = `${event.eventId}-bad`;
  return copy;
}

function firstLine(copy: JsonObject): JsonObject {
  const lines = copy.lines as JsonObject[];
  return lines[0] as JsonObject;
}

// Schema violations by input type: a field missing, mistyped, out of range or in the wrong state.
const COMMON_VIOLATIONS: readonly ((rng: Rng, copy: JsonObject) => unknown)[] = [
  (_rng, copy) => {
    delete copy.customerId;
    return copy;
  },
  (_rng, copy) => ({ ...copy, eventId: '' }),
  (_rng, copy) => ({ ...copy, occurredAt: String(copy.occurredAt).slice(0, 19) }),
  (_rng, copy) => ({ ...copy, occurredAt: Date.parse(String(copy.occurredAt)) }),
  (_rng, copy) => ({ ...copy, schemaVersion: 2 }),
  (_rng, copy) => [copy],
  (rng, copy) => ({ ...copy, customerId: 'x'.repeat(129 + rng.int(50)) }),
];
const PURCHASE_VIOLATIONS: readonly ((rng: Rng, copy: JsonObject) => unknown)[] = [
  (_rng, copy) => ({ ...copy, lines: [] }),
  (_rng, copy) => ({ ...copy, channel: 'fax' }),
  (_rng, copy) => ({ ...copy, discountMinor: -100 }),
  (_rng, copy) => {
    const line = firstLine(copy);
    line.quantity = String(line.quantity);
    return copy;
  },
  (_rng, copy) => {
    firstLine(copy).unitPriceMinor = 12.5;
    return copy;
  },
  (_rng, copy) => ({ ...copy, totalMinor: (copy.totalMinor as number) / 100 + 0.005 }),
  (_rng, copy) => ({ ...copy, kind: 'sale', returnOfOrderId: 'ord-unknown' }),
];
const COMPLAINT_VIOLATIONS: readonly ((rng: Rng, copy: JsonObject) => unknown)[] = [
  (_rng, copy) => ({ ...copy, severity: 'urgent' }),
  (_rng, copy) => ({ ...copy, dimension: 'price' }),
  (rng, copy) =>
    copy.status === 'resolved'
      ? { ...copy, satisfaction: 6 + rng.int(5) }
      : { ...copy, satisfaction: 1 + rng.int(5) },
];
const CAMPAIGN_VIOLATIONS: readonly ((rng: Rng, copy: JsonObject) => unknown)[] = [
  (_rng, copy) => ({ ...copy, response: 'liked' }),
  (_rng, copy) => ({ ...copy, channel: 'carrier-pigeon' }),
  (_rng, copy) => {
    const { referredCustomerId: _dropped, revenueMinor: _revenue, ...rest } = copy;
    return { ...rest, response: 'referred' };
  },
];

const WALLET_VIOLATIONS: readonly ((rng: Rng, copy: JsonObject) => unknown)[] = [
  (_rng, copy) => ({ ...copy, walletMinor: 0 }),
  (_rng, copy) => ({ ...copy, walletMinor: (copy.walletMinor as number) / 100 + 0.005 }),
  (_rng, copy) => ({ ...copy, method: 'guess' }),
  (_rng, copy) => ({ ...copy, segmentId: '' }),
];

const SPECIFIC_VIOLATIONS: Readonly<
  Record<InputEventType, readonly ((rng: Rng, copy: JsonObject) => unknown)[]>
> = {
  purchase: PURCHASE_VIOLATIONS,
  complaint: COMPLAINT_VIOLATIONS,
  'campaign-response': CAMPAIGN_VIOLATIONS,
  'wallet-estimate': WALLET_VIOLATIONS,
};

function schemaViolation(rng: Rng, event: InputEvent): Buffer {
  const specific = SPECIFIC_VIOLATIONS[event.type];
  const all = [...COMMON_VIOLATIONS, ...specific];
  return json(rng.pick(all)(rng, copyOf(event)));
}

const INVALID_UTF8 = Buffer.from([0xc3, 0x28]);

function invalidJson(rng: Rng, event: InputEvent): Buffer {
  const badText = JSON.stringify(copyOf(event));
  switch (rng.int(4)) {
    case 0:
      // Cut off mid-message, as by a producer that crashed while writing.
      return Buffer.from(badText.slice(0, 1 + rng.int(badText.length - 1)), 'utf8');
    case 1: {
      // Bytes that are not UTF-8 inside a string, as from a till that writes Latin-1.
      const cut = Math.max(1, badText.indexOf('"source"'));
      return Buffer.concat([
        Buffer.from(badText.slice(0, cut), 'utf8'),
        INVALID_UTF8,
        Buffer.from(badText.slice(cut)),
      ]);
    }
    case 2:
      return Buffer.from(`${badText.slice(0, -1)},}`, 'utf8');
    default:
      return Buffer.from(`<event type="${event.type}" id="${event.eventId}-bad"/>`, 'utf8');
  }
}

const DEFECTS: readonly Defect[] = [
  { reason: 'invalid_json', weight: 0.2, make: invalidJson },
  { reason: 'empty_message', weight: 0.04, make: () => Buffer.alloc(0) },
  {
    reason: 'too_large',
    weight: 0.02,
    make: (_rng, event) => json({ ...copyOf(event), notes: 'x'.repeat(OVERSIZED_BYTES) }),
  },
  { reason: 'schema_violation', weight: 0.34, make: schemaViolation },
  {
    reason: 'unknown_type',
    weight: 0.08,
    make: (rng, event) => {
      const copy = copyOf(event);
      // An unknown type, no type at all, or a known type on the wrong topic.
      const choice = rng.int(3);
      if (choice === 1) delete copy.type;
      else copy.type = choice === 0 ? rng.pick(['refund', 'review', 'PURCHASE']) : wrongTypeFor(event);
      return json(copy);
    },
  },
  {
    reason: 'future_timestamp',
    weight: 0.1,
    make: (rng, event) => {
      // Absurdly far ahead (a clock set decades wrong), never within any sane skew allowance.
      const ahead = Date.parse(event.occurredAt) + (20 + rng.int(80)) * YEAR_MS;
      return json({ ...copyOf(event), occurredAt: formatInstant(Math.round(ahead), UTC) });
    },
  },
  {
    reason: 'currency_mismatch',
    weight: 0.11,
    only: ['purchase', 'wallet-estimate'],
    make: (rng, event, baseCurrency) => {
      const currency = rng.pick(FOREIGN_CURRENCIES.filter((c) => c !== baseCurrency));
      return json({ ...copyOf(event), currency });
    },
  },
  {
    reason: 'invalid_text',
    weight: 0.04,
    // Half of a UTF-16 surrogate pair, as a till that cuts text by UTF-16 units writes it;
    // JSON.stringify escapes it ("\ud83d"), so the bytes stay valid UTF-8.
    make: (_rng, event) => json({ ...copyOf(event), source: `${event.source}\ud83d` }),
  },
  {
    reason: 'lines_total_mismatch',
    weight: 0.11,
    only: ['purchase'],
    make: (rng, event) => {
      const copy = copyOf(event);
      const total = copy.totalMinor as number;
      const discount = copy.discountMinor as number;
      // Either the discount was forgotten or the total is simply off by some cents.
      copy.totalMinor = discount > 0 && rng.chance(0.5) ? total + discount : total + 1 + rng.int(999);
      return json(copy);
    },
  },
];

function wrongTypeFor(event: InputEvent): string {
  return event.type === 'purchase' ? 'complaint' : 'purchase';
}

/** Share of corruptions that keep the bytes valid but send them under another customer's key. */
const KEY_MISMATCH_SHARE = 0.04;

/**
 * Corrupts a good event in one of many ways (weighted), returning the bytes, the defect and,
 * for a key that does not match the event's customerId, the wrong key. That defect passes
 * the parser; the aggregator is the one that must reject it.
 */
export function corrupt(rng: Rng, event: InputEvent, baseCurrency: string): Corruption {
  if (rng.chance(KEY_MISMATCH_SHARE)) {
    return { value: json(copyOf(event)), defect: 'key_mismatch', key: `cus-${rng.hex64()}` };
  }
  const candidates = DEFECTS.filter((d) => d.only === undefined || d.only.includes(event.type));
  let target = rng.next() * candidates.reduce((sum, d) => sum + d.weight, 0);
  for (const defect of candidates) {
    target -= defect.weight;
    if (target < 0) return { value: defect.make(rng, event, baseCurrency), defect: defect.reason };
  }
  const last = candidates[candidates.length - 1] as Defect;
  return { value: last.make(rng, event, baseCurrency), defect: last.reason };
}
