import type { AcceptResult, InputEvent } from '@loyalty/contracts';
import type { ApplyOutcome } from '@loyalty/redis-store';
import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { classifyOutcomes, readBatch, splitDue, withoutErased } from './batch-plan.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function message(offset: number, text: string): KafkaMessage {
  return {
    key: Buffer.from('k'),
    value: Buffer.from(text),
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
    headers: {},
  } as KafkaMessage;
}

function campaign(customerId: string, at: number, n: number): InputEvent {
  return {
    type: 'campaign-response',
    eventId: `${customerId}-${n}`,
    customerId,
    occurredAt: new Date(at).toISOString(),
    source: 'test',
    schemaVersion: 1,
    campaignId: 'c1',
    response: 'opened',
  } as InputEvent;
}

// Messages "ok:<customer>:<day>" are accepted as a campaign response on that day; others rejected.
function accept(m: KafkaMessage): AcceptResult {
  const [kind, customer, day] = String(m.value).split(':');
  if (kind !== 'ok' || customer === undefined)
    return { ok: false, reason: 'invalid_json', message: 'not ok' };
  return { ok: true, event: campaign(customer, T0 + Number(day) * DAY, Number(m.offset)) };
}

describe('batch plan', () => {
  const messages = [
    message(0, 'ok:ann:5'),
    message(1, 'garbage'),
    message(2, 'ok:bob:1'),
    message(3, 'ok:cat:9'),
  ];

  it('accepts, rejects with the origin, and measures how late events are', () => {
    const reading = readBatch('campaigns', 2, messages, accept, T0 + 3 * DAY);
    expect(reading.accepted.map((e) => [e.customerId, e.shard, e.message.offset])).toEqual([
      ['ann', 2, '0'],
      ['bob', 2, '2'],
      ['cat', 2, '3'],
    ]);
    expect(reading.rejected).toEqual([
      { topic: 'campaigns', partition: 2, message: messages[1], reason: 'invalid_json', text: 'not ok' },
    ]);
    expect(reading.lateByMs).toEqual([2 * DAY]);
    expect(reading.maxAt).toBe(T0 + 9 * DAY);
    expect(readBatch('campaigns', 2, messages, accept, undefined).lateByMs).toEqual([]);
  });

  it("drops erased customers' events from before the erasure only", () => {
    const { accepted } = readBatch('campaigns', 0, messages, accept, undefined);
    const erasedAt = new Map([
      ['ann', T0 + 6 * DAY],
      ['cat', T0 + 8 * DAY],
    ]);
    const { toApply, erased } = withoutErased(accepted, erasedAt);
    expect(toApply.map((e) => e.customerId)).toEqual(['bob', 'cat']);
    expect(erased).toBe(1);
  });

  it('keeps applied and duplicate events, and dead-letters what the store refused', () => {
    const { accepted } = readBatch('campaigns', 1, messages, accept, undefined);
    const outcomes: ApplyOutcome[] = ['applied', 'duplicate', { refused: 'WRONGTYPE' }];
    const result = classifyOutcomes('campaigns', accepted, outcomes);
    expect(result.applied.map((e) => e.customerId)).toEqual(['ann']);
    expect(result.duplicates).toBe(1);
    expect(result.kept.map((e) => e.customerId)).toEqual(['ann', 'bob']);
    expect(result.refused).toMatchObject([
      { topic: 'campaigns', partition: 1, message: messages[3], reason: 'store_refused' },
    ]);
    expect(result.refused[0]?.text).toContain('WRONGTYPE');
    const full = classifyOutcomes('campaigns', accepted.slice(0, 2), ['history_full', 'amount_overflow']);
    expect(full.refused.map((r) => r.reason)).toEqual(['customer_history_full', 'amount_overflow']);
  });

  it('evaluates the customers the watermark passed and marks the rest due', () => {
    const { accepted } = readBatch('campaigns', 0, messages, accept, undefined);
    const passed = splitDue(accepted, T0 + 5 * DAY);
    expect(passed.evaluateNow).toEqual(['ann', 'bob']);
    expect(passed.markDue.map((e) => e.customerId)).toEqual(['cat']);
    expect(splitDue(accepted, undefined).markDue).toHaveLength(3);
  });
});
