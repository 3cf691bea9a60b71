// The example subscriber against the real local Kafka: a view bootstrapped from the state topic,
// kept by the change topics (a repeated eventId, a correction), and a tombstone.
import {
  type CustomerStateEvent,
  encodeCustomerState,
  encodeOutputEvent,
  namespacedTopics,
  type OutputEvent,
  topicSpecs,
} from '@loyalty/contracts';
import { createLogger } from '@loyalty/runtime';
import { uniqueName, waitFor } from '@loyalty/testkit';
import { connectKafka, createTopics, deleteTopics } from '@loyalty/testkit/servers';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAction } from '../src/actions.js';
import { MarketingSubscriber } from '../src/subscriber.js';

const topics = namespacedTopics(`${uniqueName('t')}.`);
const at = (day: number) => new Date(Date.UTC(2026, 2, day)).toISOString();
const envelope = (eventId: string, customerId: string, day: number) =>
  ({ eventId, customerId, occurredAt: at(day), source: 'loyalty-aggregator', schemaVersion: 1 }) as const;

function state(customerId: string, tier: 'iron' | 'gold', changes: number): CustomerStateEvent {
  return {
    type: 'customer-state',
    ...envelope(`state-${customerId}-${changes}`, customerId, 1),
    tier,
    tierSince: at(1),
    stage: 'repeat',
    stageSince: at(1),
    churnLevel: 'low',
    churnSince: at(1),
    walletBand: null,
    walletBandSince: null,
    pyramidLevel: null,
    pyramidLevelSince: null,
    changes,
  };
}

function tier(eventId: string, from: 'iron' | 'gold' | 'platinum', to: 'gold' | 'platinum', day: number) {
  return {
    type: 'tier-changed',
    ...envelope(eventId, 'alice', day),
    correction: false,
    previousTier: from,
    newTier: to,
    direction: to === 'platinum' || from === 'iron' ? 'upgrade' : 'downgrade',
    reason: 'qualifying_spend',
    qualifyingSpendMinor: 500_000,
    currency: 'EUR',
  } satisfies OutputEvent;
}

const changesOnTopic = {
  [topics.tierChanges]: [
    tier('tier-1', 'gold', 'platinum', 3),
    tier('tier-1', 'gold', 'platinum', 3),
    // Late input: the platinum announced above never held; the customer is gold since day 2.
    { ...tier('tier-2', 'platinum', 'gold', 2), correction: true },
  ],
  [topics.churnRisk]: [
    {
      type: 'churn-risk',
      ...envelope('churn-1', 'alice', 4),
      correction: false,
      previousLevel: 'low',
      newLevel: 'high',
      score: 0.8123,
      pAlive: 0.1877,
      drivers: ['p_alive_below_0.3', 'unsubscribed'],
    },
  ],
  [topics.pyramidLevelChanges]: [
    {
      type: 'pyramid-level-changed',
      ...envelope('level-1', 'alice', 1),
      correction: false,
      previousLevel: null,
      newLevel: 'platinum',
      valueMinor: 500_000,
      cutoffs: { platinumMinor: 480_000, goldMinor: 150_000, ironMinor: 40_000 },
      customers: 300,
      currency: 'EUR',
    },
  ],
  [topics.stageChanges]: [
    {
      type: 'stage-changed',
      ...envelope('stage-1', 'carol', 5),
      correction: false,
      previousStage: null,
      newStage: 'first_time',
      reason: 'first_sale',
    },
  ],
} satisfies Record<string, OutputEvent[]>;

describe('MarketingSubscriber against the local Kafka', () => {
  let kafka: Kafka;
  let producer: Producer;
  const actions: string[] = [];
  let subscriber: MarketingSubscriber;

  beforeAll(async () => {
    kafka = await connectKafka();
    await createTopics(kafka, topicSpecs(topics), 3);
    producer = kafka.producer();
    await producer.connect();
    subscriber = new MarketingSubscriber(kafka, {
      topics,
      groupPrefix: uniqueName('marketing'),
      log: createLogger('marketing-subscriber-test', 'error'),
      onAction: (action) => actions.push(describeAction(action)),
    });
  });

  afterAll(async () => {
    await subscriber?.stop();
    await producer?.disconnect();
    if (kafka !== undefined) await deleteTopics(kafka, Object.values(topics)).catch(() => undefined);
  });

  it('bootstraps from the state topic, follows the changes once each, and removes on a tombstone', async () => {
    // Before the start: a change the state record already holds, read by nobody but the state.
    await send(topics.tierChanges, 'alice', encodeOutputEvent(tier('tier-0', 'iron', 'gold', 1)));
    await send(topics.customerState, 'alice', encodeCustomerState(state('alice', 'gold', 5)));
    await send(topics.customerState, 'bob', encodeCustomerState(state('bob', 'iron', 3)));
    await subscriber.start();
    expect(subscriber.view.get('bob')?.tier).toBe('iron');
    expect(actions).toEqual([]);

    for (const [topic, events] of Object.entries(changesOnTopic)) {
      for (const event of events) await send(topic, event.customerId, encodeOutputEvent(event));
    }
    await send(topics.customerState, 'bob', null);
    await waitFor(
      `7 messages followed (have ${subscriber.counts.followed})`,
      () => (subscriber.counts.followed >= 7 ? true : undefined),
      { timeoutMs: 30_000 },
    );

    expect(subscriber.view.get('alice')).toMatchObject({
      tier: 'gold',
      tierSince: at(2),
      stage: 'repeat',
      churnLevel: 'high',
      pyramidLevel: 'platinum',
      pyramidLevelSince: at(1),
    });
    expect(subscriber.view.get('bob')).toBeUndefined();
    expect(subscriber.view.get('carol')?.stage).toBe('first_time');
    expect(subscriber.view.outcomes).toMatchObject({ applied: 5, duplicate: 1, applied_after_gap: 0 });
    // Topics are not ordered among themselves, a customer's changes of one kind are.
    expect([...actions].sort()).toEqual(
      [
        'welcome alice to platinum',
        'apologise to alice and re-evaluate: the tier is gold, not platinum',
        'send alice a win-back offer (p_alive_below_0.3, unsubscribed)',
        'thank carol for their first purchase',
        'thank alice as a top customer (platinum in the value pyramid)',
        'remove bob from every list (erased)',
      ].sort(),
    );
    expect(actions.indexOf('welcome alice to platinum')).toBeLessThan(
      actions.findIndex((line) => line.startsWith('apologise to alice')),
    );
  });

  it('refuses to start, naming them, when the topics are missing', async () => {
    const absent = new MarketingSubscriber(kafka, {
      topics: namespacedTopics(`${uniqueName('absent')}.`),
      groupPrefix: uniqueName('marketing'),
      log: createLogger('marketing-subscriber-test', 'error'),
      onAction: () => undefined,
    });
    await expect(absent.start()).rejects.toThrow(/customer-state\.v1 missing/);
  });

  async function send(topic: string, key: string, value: Buffer | null): Promise<void> {
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }
});
