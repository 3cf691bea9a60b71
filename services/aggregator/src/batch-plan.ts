// The aggregator's decisions about one batch, apart from doing them (aggregator.ts runs the
// effects): which messages are accepted, rejected, late or erased; what the store's outcomes
// mean; which customers are evaluated now and which wait in the due index. Pure: no I/O, no
// clock, tested without servers like packages/core.
import { type AcceptResult, isErasedEvent, type RejectionReason } from '@loyalty/contracts';
import type { RejectedMessage } from '@loyalty/kafka';
import type { ApplyOutcome, EventToApply } from '@loyalty/redis-store';
import type { KafkaMessage } from 'kafkajs';
import { toHistoryEntry } from './to-history-entry.js';

/** An accepted event with the message it came in. */
export interface AcceptedEvent extends EventToApply {
  readonly message: KafkaMessage;
}

/** What reading a batch decided, before the store is asked anything. */
export interface BatchReading {
  readonly accepted: AcceptedEvent[];
  readonly rejected: RejectedMessage[];
  /** How far behind the watermark each late event arrived (ms). */
  readonly lateByMs: number[];
  /** The greatest event time among the accepted events. */
  readonly maxAt: number | undefined;
}

/**
 * Accepts or rejects each message of a topic-partition's batch (`accept` decodes and checks
 * one), and tells which accepted events are late: at or before the shard's watermark.
 */
export function readBatch(
  topic: string,
  shard: number,
  messages: readonly KafkaMessage[],
  accept: (message: KafkaMessage) => AcceptResult,
  watermark: number | undefined,
): BatchReading {
  const accepted: AcceptedEvent[] = [];
  const rejected: RejectedMessage[] = [];
  const lateByMs: number[] = [];
  let maxAt: number | undefined;
  for (const message of messages) {
    const parsed = accept(message);
    if (!parsed.ok) {
      rejected.push({ topic, partition: shard, message, reason: parsed.reason, text: parsed.message });
      continue;
    }
    const entry = toHistoryEntry(parsed.event);
    if (watermark !== undefined && entry.at <= watermark) lateByMs.push(watermark - entry.at);
    maxAt = Math.max(maxAt ?? entry.at, entry.at);
    accepted.push({ customerId: parsed.event.customerId, shard, entry, message });
  }
  return { accepted, rejected, lateByMs, maxAt };
}

/**
 * The events to apply, without those of erased customers from before their erasure (README's
 * erasure policy: what an erased customer did up to the erasure stays erased).
 */
export function withoutErased(
  accepted: readonly AcceptedEvent[],
  erasedAt: ReadonlyMap<string, number>,
): { toApply: AcceptedEvent[]; erased: number } {
  const toApply = accepted.filter((event) => !isErasedEvent(event.entry.at, erasedAt.get(event.customerId)));
  return { toApply, erased: accepted.length - toApply.length };
}

/** What the store's outcomes mean for the batch. */
export interface ApplyResult {
  readonly applied: AcceptedEvent[];
  readonly duplicates: number;
  /** Applied now or before: their customers are evaluated or marked due. */
  readonly kept: AcceptedEvent[];
  /** Refused by the store: dead letters. */
  readonly refused: RejectedMessage[];
}

export function classifyOutcomes(
  topic: string,
  events: readonly AcceptedEvent[],
  outcomes: readonly ApplyOutcome[],
): ApplyResult {
  const applied: AcceptedEvent[] = [];
  const kept: AcceptedEvent[] = [];
  const refused: RejectedMessage[] = [];
  let duplicates = 0;
  events.forEach((event, i) => {
    const outcome = outcomes[i] as ApplyOutcome;
    if (outcome === 'applied' || outcome === 'duplicate') {
      kept.push(event);
      if (outcome === 'applied') applied.push(event);
      else duplicates++;
      return;
    }
    refused.push({ topic, partition: event.shard, message: event.message, ...refusal(outcome) });
  });
  return { applied, duplicates, kept, refused };
}

/**
 * Which kept events' customers the watermark passed (evaluated now) and which events wait in
 * the due index until it does (only those: one command per event fewer).
 */
export function splitDue(
  kept: readonly AcceptedEvent[],
  watermark: number | undefined,
): { evaluateNow: string[]; markDue: AcceptedEvent[] } {
  const evaluateNow: string[] = [];
  const markDue: AcceptedEvent[] = [];
  for (const event of kept) {
    if (watermark !== undefined && event.entry.at <= watermark) evaluateNow.push(event.customerId);
    else markDue.push(event);
  }
  return { evaluateNow, markDue };
}

// Why the store did not apply an accepted event, as a dead letter's reason and text.
function refusal(outcome: Exclude<ApplyOutcome, 'applied' | 'duplicate'>): {
  reason: RejectionReason;
  text: string;
} {
  if (outcome === 'history_full') {
    return {
      reason: 'customer_history_full',
      text: 'the customer history is full; raise AGGREGATOR_MAX_HISTORY',
    };
  }
  if (outcome === 'amount_overflow') {
    return {
      reason: 'amount_overflow',
      text: "the customer's total of |totalMinor| would exceed 2^53-1 minor units, beyond which sums are inexact",
    };
  }
  return {
    reason: 'store_refused',
    text: `Redis refused the event at its customer's key: ${outcome.refused}`,
  };
}
