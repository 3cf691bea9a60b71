import {
  type InputEvent,
  PARSE_REJECTION_REASONS,
  ParserConfigSchema,
  parseInputMessage,
  type RejectionReason,
  TOPIC_BY_INPUT_TYPE,
} from '@loyalty/contracts';
import { describe, expect, it } from 'vitest';
import { corrupt } from './malformed.js';
import { Rng } from './prng.js';
import { generateTraffic } from './traffic.js';

const options = { ...ParserConfigSchema.parse({}), nowMs: Date.now() };

function kindOf(e: InputEvent): string {
  return `${e.type}:${e.type === 'purchase' ? e.kind : e.type === 'complaint' ? e.status : e.type === 'campaign-response' ? e.response : e.method}`;
}

function sampleEvents(): InputEvent[] {
  const events: InputEvent[] = [];
  const seen = new Set<string>();
  for (const message of generateTraffic({ seed: 5, customers: 500 })) {
    const event = JSON.parse(message.value.toString('utf8')) as InputEvent;
    // One of each kind of event: sales, returns, each complaint status, each response, survey
    // and panel wallet estimates.
    const kind = kindOf(event);
    if (!seen.has(kind) || events.length < 200) events.push(event);
    seen.add(kind);
  }
  return events;
}

describe('corrupt', () => {
  const events = sampleEvents();

  it('covers every kind of input event', () => {
    const kinds = new Set(events.map(kindOf));
    expect(kinds.size).toBe(2 + 4 + 7 + 2);
  });

  it('makes bytes the parser rejects with the intended reason, for every reason', () => {
    const rng = Rng.fromParts(99);
    const produced = new Map<RejectionReason, number>();
    for (let round = 0; round < 12; round++) {
      for (const event of events) {
        const { value, defect, key } = corrupt(rng, event, 'EUR');
        produced.set(defect, (produced.get(defect) ?? 0) + 1);
        const result = parseInputMessage(value, { topic: TOPIC_BY_INPUT_TYPE[event.type] }, options);
        if (defect === 'key_mismatch') {
          expect(result.ok).toBe(true);
          expect(key).toMatch(/^cus-/);
          expect(key).not.toBe(event.customerId);
        } else {
          expect(result.ok ? 'accepted' : result.reason, value.toString('utf8').slice(0, 200)).toBe(defect);
          expect(key).toBeUndefined();
        }
      }
    }
    for (const reason of [...PARSE_REJECTION_REASONS, 'key_mismatch'] as const) {
      expect(produced.get(reason) ?? 0, reason).toBeGreaterThan(0);
    }
  });

  it('never reuses the good event id', () => {
    const rng = Rng.fromParts(100);
    for (const event of events) {
      const text = corrupt(rng, event, 'EUR').value.toString('utf8');
      expect(text).not.toMatch(new RegExp(`"eventId":"${event.eventId}"`));
    }
  });
});
