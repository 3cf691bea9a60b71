import { describe, expect, it } from 'vitest';
import {
  INPUT_EVENT_TYPES,
  InputEventSchema,
  inputTypeOfTopic,
  TOPIC_BY_INPUT_TYPE,
} from './input-events.js';
import { readExample } from './test-support/examples.js';
import { INPUT_TOPICS, TOPICS } from './topics.js';

describe('input topics', () => {
  it('publishes each input type on its own input topic', () => {
    expect(TOPIC_BY_INPUT_TYPE).toEqual({
      purchase: 'loyalty.purchases.v1',
      complaint: 'loyalty.complaints.v1',
      'campaign-response': 'loyalty.campaign-responses.v1',
      'wallet-estimate': 'loyalty.wallet-estimates.v1',
    });
    expect(new Set(Object.values(TOPIC_BY_INPUT_TYPE))).toEqual(new Set(INPUT_TOPICS));
  });

  it('maps each input topic back to its type', () => {
    for (const type of INPUT_EVENT_TYPES) expect(inputTypeOfTopic(TOPIC_BY_INPUT_TYPE[type])).toBe(type);
    expect(inputTypeOfTopic(TOPICS.tierChanges)).toBeUndefined();
  });

  it('maps substituted topic names', () => {
    const topics = {
      purchases: 'p-x1',
      complaints: 'c-x1',
      campaignResponses: 'r-x1',
      walletEstimates: 'w-x1',
    };
    expect(inputTypeOfTopic('c-x1', topics)).toBe('complaint');
    expect(inputTypeOfTopic('w-x1', topics)).toBe('wallet-estimate');
    expect(inputTypeOfTopic(TOPICS.complaints, topics)).toBeUndefined();
  });
});

describe('InputEventSchema', () => {
  it('accepts every input example and tells them apart by type', () => {
    for (const type of INPUT_EVENT_TYPES) expect(InputEventSchema.parse(readExample(type)).type).toBe(type);
  });

  it('rejects an output event', () => {
    expect(InputEventSchema.safeParse(readExample('tier-changed')).success).toBe(false);
  });
});
