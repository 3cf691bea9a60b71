import { InvalidOutputEventError, type TopicNames } from '@loyalty/contracts';
import { advance, type ClvModelRecord, type Rules, type TransitionKind, valueBucket } from '@loyalty/core';
import { sendInSlices } from '@loyalty/kafka';
import type {
  CustomerState,
  CustomerStore,
  EvaluationToSave,
  OutboxMessage,
  OutboxSent,
  PyramidEpochStore,
} from '@loyalty/redis-store';
import type { Logger } from '@loyalty/runtime';
import type { Message, Producer } from 'kafkajs';
import type { CachedCustomer, CustomerCache } from './customer-cache.js';
import {
  announce,
  announcedBy,
  type CustomerValues,
  customerValues,
  valuesChanged,
} from './customer-values.js';
import type { OutputEncoder } from './output-encoder.js';
import { announcedLevel } from './pyramid-announcer.js';
import { rulesWithModel } from './rules-with-model.js';
import { toCustomerState } from './to-customer-state.js';
import { toOutputEvent } from './to-output-event.js';
import { type ValueEstimateOptions, valueEstimate } from './value-estimate.js';

/** How many due customers one round loads at once. */
const ROUND_SIZE = 1_000;

export interface EvaluatorDeps {
  readonly store: CustomerStore<CustomerValues>;
  /** The pyramid levels announced (PyramidAnnouncer), which the customer's state record carries. */
  readonly epochs: PyramidEpochStore;
  readonly cache: CustomerCache<CustomerValues>;
  readonly producer: Producer;
  readonly rules: Rules;
  readonly topics: TopicNames;
  readonly currency: string;
  /** LOYALTY_OUTPUT_FORMAT's encoder, asked for each evaluation: it is known once connected. */
  readonly encoder: () => OutputEncoder;
  readonly log: Logger;
  /** The CLV model in force (refreshed from Redis), if one was fitted. */
  readonly model?: () => ClvModelRecord | undefined;
  readonly valueOptions?: ValueEstimateOptions;
}

/** Counts of emitted events by topic, since start. */
export type EmittedCounts = Record<string, number>;

/**
 * Why a customer was left out of an evaluation, since start: Redis would not read their key as
 * a customer (another kind of value there, fields that do not decode), or their values made an
 * output event that fails its schema. Their timer is dropped; their next event tries again.
 */
export type SkippedCounts = Partial<Record<'unreadable' | 'invalid_output', number>>;

/**
 * Brings every due customer of a shard up to a watermark: corrects what late input made of
 * the values announced before, announces the transitions with effectiveAt up to it and the
 * customer's new state, and records the evaluation and the customer's next timer. The messages
 * are saved with the evaluation before they are sent (see announce), so subscribers receive
 * each announced change once or more, never not at all, always with the same ids.
 */
export class ShardEvaluator {
  readonly emitted: EmittedCounts = {};
  /** Corrections emitted since start, by kind (also counted in `emitted`). */
  readonly corrected: Record<TransitionKind, number> = { tier: 0, stage: 0, churn: 0, wallet: 0 };
  readonly skipped: SkippedCounts = {};

  constructor(private readonly deps: EvaluatorDeps) {}

  /**
   * Evaluates the shard's due customers up to `watermark`, and the customers `alsoDue` (those
   * of the batch in hand, whose events the watermark passed); returns the number of events
   * emitted.
   */
  async evaluate(shard: number, watermark: number, alsoDue: readonly string[] = []): Promise<number> {
    const { store, topics, currency } = this.deps;
    // One model for the whole evaluation, so every customer of the round is judged alike.
    const model = this.deps.model?.();
    const rules = rulesWithModel(this.deps.rules, model);
    const encode = this.deps.encoder();
    let emitted = 0;
    const pending = [...new Set(alsoDue)];
    for (;;) {
      const indexed = await store.dueCustomers(shard, watermark, ROUND_SIZE);
      const due = [...new Set([...indexed, ...pending.splice(0, ROUND_SIZE)])];
      if (due.length === 0) return emitted;
      const [states, pyramidLevels] = await Promise.all([
        this.load(due),
        this.deps.epochs.levels(shard, due),
      ]);
      const saves: EvaluationToSave<CustomerValues>[] = [];
      const skipped: string[] = [];
      for (const [i, customerId] of due.entries()) {
        const state = states.get(customerId);
        if (state === undefined) {
          this.skip(skipped, customerId, shard, 'unreadable');
          continue;
        }
        const stored = state.evaluation;
        const from = stored?.asOf ?? Number.MIN_SAFE_INTEGER;
        const asOf = Math.max(from, watermark);
        const step = advance(customerId, state.history, rules, {
          fromExclusive: from,
          toInclusive: asOf,
          changed: valuesChanged,
          // The stored values are those last announced: late input may have made them wrong.
          ...(stored !== undefined && {
            announced: {
              tier: stored.values.tier,
              stage: stored.values.stage,
              churn: stored.values.churn,
              wallet: stored.values.wallet ?? null,
            },
            announcedCount: announcedBy(stored).changes,
          }),
        });
        const values = customerValues(step.evaluation);
        const announced =
          step.transitions.length > 0
            ? announce(stored && announcedBy(stored), step.transitions)
            : stored?.values.announced;
        // What a crash kept from reaching the broker goes first, so subscribers see it in order.
        const outbox: OutboxMessage[] = [...state.outbox];
        try {
          for (const transition of step.transitions) {
            const { topic, event } = toOutputEvent(transition, currency, topics);
            const valued =
              model !== undefined && event.type === 'churn-risk'
                ? {
                    ...event,
                    ...valueEstimate(state.history, transition.effectiveAt, model, this.deps.valueOptions),
                  }
                : event;
            outbox.push({ topic, key: customerId, value: await encode(valued) });
          }
          if (step.transitions.length > 0 && announced !== undefined) {
            const pyramid = announcedLevel(pyramidLevels[i]);
            const record = toCustomerState(customerId, values, announced, pyramid);
            outbox.push({ topic: topics.customerState, key: customerId, value: await encode(record) });
          }
        } catch (error) {
          if (!(error instanceof InvalidOutputEventError)) throw error;
          this.skip(skipped, customerId, shard, 'invalid_output', error);
          continue;
        }
        for (const transition of step.transitions) {
          if (transition.correction) this.corrected[transition.kind]++;
        }
        saves.push({
          customerId,
          shard,
          evaluation: { asOf, values: { ...values, ...(announced !== undefined && { announced }) } },
          nextDueAt: step.nextDueAt,
          outbox,
        });
      }
      try {
        emitted += await this.announce(shard, saves);
        await store.dropTimers(shard, skipped);
      } catch (error) {
        // Redis may hold outboxes the cache does not: read these customers again.
        this.deps.cache.forget(due);
        throw error;
      }
      this.deps.cache.forget(skipped);
      this.deps.cache.saved(saves);
      // Each saved timer lies after the watermark, so a round short of ROUND_SIZE took every
      // customer due: asking again would only return nothing.
      if (indexed.length < ROUND_SIZE && pending.length === 0) return emitted;
    }
  }

  /**
   * Saves the evaluations with their outboxes, sends the outboxes, then clears them (the
   * transactional outbox): a crash before the broker acknowledged leaves the messages in Redis
   * for the next evaluation of the customer to send again, with the same ids. Returns how many
   * messages went out.
   */
  private async announce(shard: number, saves: readonly EvaluationToSave<CustomerValues>[]): Promise<number> {
    const { store, producer } = this.deps;
    // Before the save, so that a crash in between only repeats an idempotent placement.
    await store.placeInPyramid(shard, saves.map(pyramidPlacement));
    await store.saveEvaluations(saves);
    const byTopic = new Map<string, Message[]>();
    const sent: OutboxSent[] = [];
    for (const { customerId, outbox = [], nextDueAt } of saves) {
      if (outbox.length === 0) continue;
      for (const { topic, key, value } of outbox) {
        const messages = byTopic.get(topic) ?? [];
        messages.push({ key, value });
        byTopic.set(topic, messages);
      }
      sent.push({ customerId, shard, nextDueAt });
    }
    if (sent.length === 0) return 0;
    await sendInSlices(
      producer,
      [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    );
    await store.clearOutboxes(sent);
    let count = 0;
    for (const [topic, messages] of byTopic) {
      this.emitted[topic] = (this.emitted[topic] ?? 0) + messages.length;
      count += messages.length;
    }
    return count;
  }

  private skip(
    skipped: string[],
    customerId: string,
    shard: number,
    why: keyof SkippedCounts,
    error?: unknown,
  ): void {
    skipped.push(customerId);
    this.skipped[why] = (this.skipped[why] ?? 0) + 1;
    // The shard, not the id: logs keep no customer's data.
    this.deps.log.error(
      { shard, why, err: error },
      'customer left out of the evaluation; its timer is dropped',
    );
  }

  /**
   * The due customers' histories and evaluations: from the cache, else from Redis (and then
   * cached). The tombstones are checked alongside: a cached customer erased since is read from
   * Redis again, since what the erasure left is what the evaluation must see.
   */
  async load(ids: readonly string[]): Promise<Map<string, CachedCustomer<CustomerValues>>> {
    const { store, cache } = this.deps;
    const found = new Map<string, CachedCustomer<CustomerValues>>();
    const missing: string[] = [];
    for (const id of ids) {
      const customer = cache.get(id);
      if (customer === undefined) missing.push(id);
      else found.set(id, customer);
    }
    const [erased, loaded] = await Promise.all([
      store.erasedBefore(ids),
      missing.length > 0 ? store.loadCustomers(missing) : new Map<string, CustomerState<CustomerValues>>(),
    ]);
    const stale = [...erased.keys()].filter((id) => found.has(id));
    cache.forget(stale);
    const reloaded = stale.length > 0 ? await store.loadCustomers(stale) : [];
    for (const [id, state] of [...loaded, ...reloaded]) found.set(id, cache.remember(id, state));
    return found;
  }
}

/**
 * Where a saved evaluation puts the customer in the shard's pyramid sketch: the bucket of their
 * trailing qualifying spend once they have a tier (a first sale), out of the pyramid before.
 */
function pyramidPlacement({ customerId, evaluation }: EvaluationToSave<CustomerValues>) {
  const { tier, qualifyingSpendMinor } = evaluation.values;
  return { customerId, bucket: tier === null ? null : valueBucket(qualifyingSpendMinor ?? 0) };
}
