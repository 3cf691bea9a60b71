import { describe, expect, it } from 'vitest';
import type { CustomerStateEvent } from './customer-state.js';
import { encodeCustomerState, encodeOutputEvent } from './encode-output-event.js';
import { type OutputEvent, OutputEventSchema } from './output-events.js';
import { exampleWith, readExample } from './test-support/examples.js';

function example(type: OutputEvent['type']): OutputEvent {
  return OutputEventSchema.parse(readExample(type));
}

describe('encodeOutputEvent', () => {
  it.each(['tier-changed', 'stage-changed', 'churn-risk'] as const)(
    'encodes the %s example as its JSON',
    (type) => {
      const bytes = encodeOutputEvent(example(type));
      expect(JSON.parse(bytes.toString('utf8'))).toEqual(readExample(type));
    },
  );

  it('drops fields the contract does not know', () => {
    const event = { ...example('stage-changed'), internalScore: 7 };
    expect(JSON.parse(encodeOutputEvent(event).toString('utf8'))).not.toHaveProperty('internalScore');
  });

  it('throws a TypeError naming the failing paths of an invalid event', () => {
    const event = exampleWith('churn-risk', { score: 1.5, source: 'somewhere' }) as unknown as OutputEvent;
    expect(() => encodeOutputEvent(event)).toThrow(TypeError);
    expect(() => encodeOutputEvent(event)).toThrow(/^invalid churn-risk output event: source: .*; score: /);
  });

  it('refuses an upgrade to a lower tier', () => {
    const event = exampleWith('tier-changed', { newTier: 'lead' }) as unknown as OutputEvent;
    expect(() => encodeOutputEvent(event)).toThrow(/direction: must agree with the order/);
  });
});

describe('encodeCustomerState', () => {
  it('encodes the customer-state example as its JSON', () => {
    const event = readExample('customer-state') as unknown as CustomerStateEvent;
    expect(JSON.parse(encodeCustomerState(event).toString('utf8'))).toEqual(readExample('customer-state'));
  });

  it('throws a TypeError naming the failing paths of an invalid state', () => {
    const event = exampleWith('customer-state', { tierSince: null }) as unknown as CustomerStateEvent;
    expect(() => encodeCustomerState(event)).toThrow(TypeError);
    expect(() => encodeCustomerState(event)).toThrow(/^invalid customer-state output event: tierSince: /);
  });
});
