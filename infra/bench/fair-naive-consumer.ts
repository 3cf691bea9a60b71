// The fair naive baseline: the aggregator's work written the way a first version would be,
// one message at a time with kafkajs eachMessage, every step awaited before the next. It
// makes the same store calls and runs the same rules (@loyalty/core advance) on the same
// parsed events, so the ratio aggregator / fair naive measures the engineering, not a
// difference in the work. Left out, as a first version would: timers, corrections, outboxes,
// the customer-state record and erasures. Outputs are the transitions as JSON, without the
// contract's schema check: cheaper than the aggregator's encoding, so the ratio errs low.
import { type CustomerValues, customerValues, toHistoryEntry } from '@loyalty/aggregator';
import { acceptKeyed, type ParserConfig, parseInputMessage, type TopicNames } from '@loyalty/contracts';
import { advance, type Rules, type Transition } from '@loyalty/core';
import { CustomerStore, deleteKeys, type RedisConnection } from '@loyalty/redis-store';
import type { Kafka } from 'kafkajs';
import { pollUntil } from '../demo/poll-until.js';
import { type ConsumeRate, rate } from './raw-consumer.js';

export interface FairNaiveSettings {
  readonly topics: TopicNames;
  readonly rules: Rules;
  readonly parser: ParserConfig;
  readonly latenessMs: number;
  /** Its own key prefix: its state never mixes with the aggregator's. */
  readonly redisPrefix: string;
  readonly maxHistoryEntries: number;
  readonly erasureSecret: string;
}

/**
 * Handles `events` messages of the input topics one at a time (parse, apply, load, advance,
 * send, save) and measures the rate; removes its Redis keys afterwards.
 */
export async function measureFairNaiveConsume(
  kafka: Kafka,
  redis: RedisConnection,
  groupId: string,
  events: number,
  settings: FairNaiveSettings,
  guard: () => void,
): Promise<ConsumeRate> {
  const { topics, rules, parser, latenessMs } = settings;
  const store = new CustomerStore<CustomerValues>(redis, {
    prefix: settings.redisPrefix,
    maxHistoryEntries: settings.maxHistoryEntries,
    erasureSecret: settings.erasureSecret,
  });
  const outputTopic: Record<Transition['kind'], string> = {
    tier: topics.tierChanges,
    stage: topics.stageChanges,
    churn: topics.churnRisk,
    wallet: topics.walletShareChanges,
  };
  const consumer = kafka.consumer({ groupId });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let count = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  await Promise.all([consumer.connect(), producer.connect()]);
  try {
    await consumer.subscribe({
      topics: [topics.purchases, topics.complaints, topics.campaignResponses, topics.walletEstimates],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, partition: shard, message }) => {
        if (count >= events) return;
        firstAt ??= Date.now();
        const parsed = acceptKeyed(
          message.key,
          parseInputMessage(message.value, { topic }, { ...parser, nowMs: Date.now(), inputTopics: topics }),
        );
        if (parsed.ok) {
          const { customerId } = parsed.event;
          const entry = toHistoryEntry(parsed.event);
          const [outcome] = await store.applyEvents([{ customerId, shard, entry }]);
          if (outcome === 'applied') {
            const state = (await store.loadCustomers([customerId])).get(customerId);
            if (state !== undefined) {
              const from = state.evaluation?.asOf ?? Number.MIN_SAFE_INTEGER;
              const asOf = Math.max(from, entry.at - latenessMs);
              const step = advance(customerId, state.history, rules, {
                fromExclusive: from,
                toInclusive: asOf,
              });
              if (step.transitions.length > 0) {
                await producer.sendBatch({
                  acks: -1,
                  topicMessages: step.transitions.map((transition) => ({
                    topic: outputTopic[transition.kind],
                    messages: [{ key: customerId, value: JSON.stringify(transition) }],
                  })),
                });
              }
              await store.saveEvaluations([
                {
                  customerId,
                  shard,
                  evaluation: { asOf, values: customerValues(step.evaluation) },
                  nextDueAt: step.nextDueAt,
                },
              ]);
            }
          }
        }
        count += 1;
        lastAt = Date.now();
      },
    });
    await pollUntil(
      `the fair naive consumer to handle ${events} messages`,
      () => (count >= events ? true : undefined),
      { timeoutMs: 60_000 + events * 20, intervalMs: 50, guard },
    );
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await deleteKeys(redis, store.keys.everything());
  }
  const ms = lastAt - (firstAt ?? lastAt);
  return { events: count, ms, eventsPerS: rate(count, ms) };
}
