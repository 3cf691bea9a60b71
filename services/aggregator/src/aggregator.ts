import { AvroDecoder, type Registry, registryConnection } from '@loyalty/avro';
import type { OutputFormat } from '@loyalty/config';
import {
  inputTypeOfTopic,
  isErasedEvent,
  type ParserConfig,
  type RejectionReason,
  type TopicNames,
} from '@loyalty/contracts';
import type { Rules } from '@loyalty/core';
import { CoPartitionedAssigner, DeadLetterPublisher, type RejectedMessage } from '@loyalty/kafka';
import type { ApplyOutcome, CustomerStore, EventToApply } from '@loyalty/redis-store';
import { isRetriable, type Logger, retry } from '@loyalty/runtime';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { CustomerCache } from './customer-cache.js';
import type { CustomerValues } from './customer-values.js';
import { EventTimeClock } from './event-time-clock.js';
import { LateEventLog } from './late-event-log.js';
import type { BatchObserver } from './metrics.js';
import type { ModelParams } from './model-params.js';
import { type OutputEncoder, outputEncoder } from './output-encoder.js';
import { ShardEvaluator } from './shard-evaluator.js';
import { toHistoryEntry } from './to-history-entry.js';
import type { ValueEstimateOptions } from './value-estimate.js';

export interface AggregatorOptions {
  readonly groupId: string;
  readonly mode: 'live' | 'replay';
  readonly latenessMs: number;
  /**
   * How long a caught-up topic-partition that has gone quiet still holds its shard's watermark
   * back (see EventTimeClock); default 30 s.
   */
  readonly idleTimeoutMs?: number;
  /** Milliseconds between sweeps that move idle shards' watermarks and fire timers. */
  readonly timerIntervalMs: number;
  /** How long the group waits for a silent member before reassigning its partitions. */
  readonly sessionTimeoutMs?: number;
  /** How many partitions' batches are handled at once. */
  readonly concurrency?: number;
  /** Most bytes fetched per partition at once: bounds a batch. */
  readonly fetchBytes?: number;
  /** How many customers' histories are kept in memory between evaluations (0: none). */
  readonly cacheCustomers?: number;
  readonly topics: TopicNames;
  readonly rules: Rules;
  readonly parser: ParserConfig;
  /**
   * REGISTRY_URL: where the writer schemas of Avro input messages are looked up (JSON input
   * never asks it), and where Avro outputs find their schema ids.
   */
  readonly registryUrl: string;
  /** LOYALTY_OUTPUT_FORMAT (default json). */
  readonly outputFormat?: OutputFormat;
  /** How churn-risk events value a customer when a CLV model is in force. */
  readonly valueOptions?: ValueEstimateOptions;
}

export interface AggregatorDeps {
  readonly kafka: Kafka;
  readonly store: CustomerStore<CustomerValues>;
  readonly log: Logger;
  /** The wall clock; tests may pin it. */
  readonly now?: () => number;
  /** Told about each batch, lag and retry (metrics). */
  readonly observer?: BatchObserver;
  /** The fitted CLV model, picked up from Redis without a restart. */
  readonly model?: ModelParams;
  /**
   * Called when the consumer stopped on an error that retrying cannot fix: a bug. The process
   * should exit with it, so that the orchestrator restarts it, rather than stay up idle.
   */
  readonly onFatal?: (error: unknown) => void;
}

/** Counters a service exposes: consumed, applied, duplicates, late, dead letters by reason. */
export interface AggregatorCounts {
  consumed: number;
  applied: number;
  duplicates: number;
  /** Events at or before their shard's watermark when they arrived, by input topic. */
  late: Record<string, number>;
  /** Events of erased customers from before their erasure: dropped, never dead-lettered. */
  erased: number;
  batches: number;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

const RETRY = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: Number.POSITIVE_INFINITY };

/**
 * The aggregator: consumes the input topics batch by batch, applies each event to its
 * customer's state once, dead-letters what cannot be parsed, and emits tier, stage and
 * churn-risk changes once the shard's watermark passes them. Offsets are committed only
 * after the batch's Redis writes and output events were acknowledged.
 */
export class Aggregator {
  readonly counts: AggregatorCounts = {
    consumed: 0,
    applied: 0,
    duplicates: 0,
    late: {},
    erased: 0,
    batches: 0,
  };
  readonly deadLetters: DeadLetterPublisher;
  readonly evaluator: ShardEvaluator;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly registry: Registry;
  private readonly decoder: AvroDecoder;
  private encoder: OutputEncoder | undefined;
  private readonly clock: EventTimeClock;
  private readonly lateLog = new LateEventLog();
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly cache: CustomerCache<CustomerValues>;
  // The owned shards' watermarks as last written: the owner is their only writer.
  private readonly watermarks = new Map<number, number>();
  private readonly log: Logger;
  private readonly now: () => number;
  private assigned = new Set<number>();
  private backlogKnown: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly options: AggregatorOptions,
    private readonly deps: AggregatorDeps,
  ) {
    this.log = deps.log.child({ module: 'aggregator' });
    this.now = deps.now ?? Date.now;
    this.clock = new EventTimeClock({
      mode: options.mode,
      latenessMs: options.latenessMs,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    });
    this.consumer = deps.kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: [CoPartitionedAssigner],
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: options.fetchBytes ?? 1_048_576,
      retry: { restartOnFailure: async (error: Error) => isRetriable(error) },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !this.running) return;
      this.running = false;
      this.log.fatal({ err: payload.error }, 'consumer stopped on an error retrying cannot fix');
      deps.onFatal?.(payload.error);
    });
    this.producer = deps.kafka.producer({ allowAutoTopicCreation: false });
    this.admin = deps.kafka.admin();
    this.deadLetters = new DeadLetterPublisher(this.producer, options.topics.deadLetters);
    this.registry = registryConnection(options.registryUrl);
    this.decoder = new AvroDecoder(this.registry.endpoint);
    this.cache = new CustomerCache(options.cacheCustomers ?? 100_000);
    this.evaluator = new ShardEvaluator({
      store: deps.store,
      cache: this.cache,
      producer: this.producer,
      rules: options.rules,
      topics: options.topics,
      currency: options.parser.baseCurrency,
      encoder: () => {
        if (this.encoder === undefined) throw new TypeError('the aggregator emits nothing before connect()');
        return this.encoder;
      },
      log: this.log,
      model: () => deps.model?.current(),
      ...(options.valueOptions === undefined ? {} : { valueOptions: options.valueOptions }),
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const assignment = payload.memberAssignment as Record<string, number[]>;
      this.assigned = new Set(Object.values(assignment).flat());
      this.log.info({ shards: [...this.assigned].sort((a, b) => a - b) }, 'partitions assigned');
      this.clock.reset();
      // Another member may have written the shards' customers and watermarks meanwhile.
      this.cache.clear();
      this.watermarks.clear();
      this.backlogKnown = this.learnBacklog(assignment);
    });
  }

  /**
   * Connects the producer and admin client and gets the output encoder ready (Avro: the
   * schema ids): enough for advanceWatermarks without consuming.
   */
  async connect(): Promise<void> {
    this.encoder ??= await outputEncoder(
      this.options.outputFormat ?? 'json',
      this.registry,
      this.options.topics,
    );
    await Promise.all([this.producer.connect(), this.admin.connect()]);
  }

  /** Connects, joins the group and starts consuming and the sweeps of idle shards and timers. */
  async start(): Promise<void> {
    const { topics } = this.options;
    await Promise.all([this.connect(), this.consumer.connect()]);
    await this.consumer.subscribe({
      topics: [topics.purchases, topics.complaints, topics.campaignResponses],
      fromBeginning: true,
    });
    this.running = true;
    await this.consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      // Batches of different partitions overlap their Redis and Kafka round trips; batches of
      // one shard still run one at a time (withShard), which keeps each customer in order.
      partitionsConsumedConcurrently: this.options.concurrency ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.timer = setInterval(() => void this.sweepTimers(), this.options.timerIntervalMs);
  }

  /** Finishes the batch in hand, commits, and disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.consumer.disconnect();
    await Promise.allSettled([...this.locks.values()]);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** Moves every owned shard's watermark to `to` and emits what falls due (replay's "advance to the end"). */
  async advanceWatermarks(to: number, shards: Iterable<number> = this.assigned): Promise<number> {
    let emitted = 0;
    for (const shard of shards) {
      emitted += await this.withShard(shard, async () => {
        return this.evaluator.evaluate(shard, await this.advanceWatermark(shard, to));
      });
    }
    return emitted;
  }

  /** Whether the broker answers (readiness). */
  async kafkaReachable(): Promise<boolean> {
    await this.admin.describeCluster();
    return true;
  }

  /** Whether the consumer runs (readiness): false before start, once stopped, and after a crash. */
  get consuming(): boolean {
    return this.running;
  }

  /**
   * Moves each owned shard's watermark as far as its clock allows without a new batch: a
   * channel went idle, or (live) the wall clock moved, so timers of silent customers fall due.
   */
  private async sweepTimers(): Promise<void> {
    if (!this.running) return;
    try {
      for (const shard of this.assigned) {
        await this.withShard(shard, async () => {
          const known = this.watermarks.get(shard) ?? (await this.deps.store.watermark(shard));
          const proposed = this.clock.watermark(shard, this.now(), known !== undefined);
          if (proposed === undefined || proposed <= (known ?? Number.NEGATIVE_INFINITY)) return;
          await this.evaluator.evaluate(shard, await this.advanceWatermark(shard, proposed));
        });
      }
    } catch (error) {
      this.log.warn({ err: error }, 'timer sweep failed; the next sweep retries');
    }
    this.lateLog.flush(this.log, this.now());
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    commitOffsetsIfNecessary,
  }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const startedAt = process.hrtime.bigint();
    const { topic, partition: shard } = batch;
    const shouldStop = () => !isRunning() || isStale();
    const retryOptions = {
      ...RETRY,
      shouldStop,
      whileWaiting: heartbeat,
      onRetry: (error: unknown, attempt: number, delayMs: number) => {
        this.deps.observer?.retried('batch');
        this.log.warn({ err: error, attempt, delayMs, topic, shard }, 'batch side effect failed; retrying');
      },
    };
    await this.backlogKnown;
    // Outside the shard's turn: waiting for the registry holds up no other work of the shard.
    const decoding = await this.decoder.prepare(batch.messages, {
      ...retryOptions,
      onRetry: (error, attempt, delayMs) => {
        this.deps.observer?.retried('registry');
        this.log.warn(
          { err: error, attempt, delayMs, topic, shard },
          'schema registry unavailable; retrying',
        );
      },
    });
    await this.withShard(shard, async () => {
      const watermarkBefore =
        this.watermarks.get(shard) ?? (await retry(() => this.deps.store.watermark(shard), retryOptions));
      const nowMs = this.now();
      const accepted: EventToApply[] = [];
      const acceptedMessages: KafkaMessage[] = [];
      const rejected: RejectedMessage[] = [];
      let maxAt: number | undefined;
      for (const message of batch.messages) {
        const parsed = decoding.acceptInput(
          message,
          { topic },
          { ...this.options.parser, nowMs, inputTopics: this.options.topics },
        );
        if (!parsed.ok) {
          rejected.push({ topic, partition: shard, message, reason: parsed.reason, text: parsed.message });
          continue;
        }
        const entry = toHistoryEntry(parsed.event);
        if (watermarkBefore !== undefined && entry.at <= watermarkBefore) {
          this.counts.late[topic] = (this.counts.late[topic] ?? 0) + 1;
          this.lateLog.add(topic, watermarkBefore - entry.at);
          this.deps.observer?.observeLateness(topic, (watermarkBefore - entry.at) / 1_000);
        }
        maxAt = Math.max(maxAt ?? entry.at, entry.at);
        accepted.push({ customerId: parsed.event.customerId, shard, entry });
        acceptedMessages.push(message);
      }
      // Erasure policy (README): what an erased customer did up to the erasure stays erased.
      const erasedAt = await retry(
        () => this.deps.store.erasedBefore(accepted.map((e) => e.customerId)),
        retryOptions,
      );
      this.cache.forget(erasedAt.keys());
      for (let i = accepted.length - 1; i >= 0; i--) {
        const event = accepted[i] as EventToApply;
        if (!isErasedEvent(event.entry.at, erasedAt.get(event.customerId))) continue;
        accepted.splice(i, 1);
        acceptedMessages.splice(i, 1);
        this.counts.erased++;
      }
      let applyAttempts = 0;
      const outcomes = await retry(() => {
        applyAttempts++;
        return this.deps.store.applyEvents(accepted);
      }, retryOptions);
      // After a failed attempt some events may have been applied unseen (they come back as
      // duplicates): the cache cannot tell, so it lets these customers be read again.
      if (applyAttempts > 1) this.cache.forget(accepted.map((event) => event.customerId));
      else this.cache.applied(accepted.filter((_, i) => outcomes[i] === 'applied'));
      outcomes.forEach((outcome, i) => {
        if (outcome === 'applied') this.counts.applied++;
        else if (outcome === 'duplicate') this.counts.duplicates++;
        else
          rejected.push({
            topic,
            partition: shard,
            message: acceptedMessages[i] as KafkaMessage,
            ...refusal(outcome),
          });
      });
      await retry(() => this.deadLetters.publish(rejected), retryOptions);

      const caughtUp = BigInt(batch.lastOffset()) + 1n >= BigInt(batch.highWatermark);
      this.clock.observe(shard, topic, maxAt, caughtUp, nowMs);
      const proposed = this.clock.watermark(shard, nowMs, watermarkBefore !== undefined);
      const kept = accepted.filter((_, i) => outcomes[i] === 'applied' || outcomes[i] === 'duplicate');
      let watermark: number | undefined;
      if (proposed !== undefined) {
        await retry(async () => {
          const passed = await this.advanceWatermark(shard, proposed);
          watermark = passed;
          const now = kept.filter((event) => event.entry.at <= passed).map((event) => event.customerId);
          await this.evaluator.evaluate(shard, passed, now);
        }, retryOptions);
      }
      // The rest wait in the due index until the watermark passes them (only they: one command
      // per event fewer). Before the commit: a crash in between redelivers the batch, whose
      // events come back as duplicates.
      const later = kept.filter((event) => watermark === undefined || event.entry.at > watermark);
      await retry(() => this.deps.store.markDue(later), retryOptions);
      this.counts.consumed += batch.messages.length;
      this.counts.batches++;
      resolveOffset(batch.lastOffset());
      await commitOffsetsIfNecessary();
      await heartbeat();
      this.deps.observer?.observeBatch(
        topic,
        batch.messages.length,
        Number(process.hrtime.bigint() - startedAt) / 1e9,
      );
      this.deps.observer?.observeLag(
        topic,
        shard,
        Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n),
      );
    });
  }

  /** Moves the shard's watermark forward in Redis and remembers the one in force. */
  private async advanceWatermark(shard: number, proposed: number): Promise<number> {
    const watermark = await this.deps.store.advanceWatermark(shard, proposed);
    this.watermarks.set(shard, watermark);
    return watermark;
  }

  /** Runs shard work one at a time per shard: a batch and a timer sweep never interleave. */
  private async withShard<T>(shard: number, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(shard) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(shard, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(shard) === next) this.locks.delete(shard);
    }
  }

  /** Which assigned topic-partitions still have unread messages: those hold watermarks back. */
  private async learnBacklog(assignment: Record<string, number[]>): Promise<void> {
    const topics = Object.keys(assignment).filter(
      (t) => inputTypeOfTopic(t, this.options.topics) !== undefined,
    );
    try {
      const committed = await this.admin.fetchOffsets({ groupId: this.options.groupId, topics });
      for (const topic of topics) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const partition of assignment[topic] ?? []) {
          const end = ends.find((e) => e.partition === partition);
          const at = done.find((d) => d.partition === partition)?.offset ?? '-1';
          const position = at === '-1' ? BigInt(end?.low ?? '0') : BigInt(at);
          this.clock.track(partition, topic, end !== undefined && BigInt(end.high) > position);
        }
      }
    } catch (error) {
      // Waiting for a topic that may have nothing to deliver could stall its shard for good:
      // rather let the watermark pass, and correct what then arrives late.
      this.log.warn({ err: error }, 'could not read the backlog; watermarks follow what is delivered');
    }
  }
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
