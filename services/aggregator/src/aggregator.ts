import { AvroDecoder, type Registry, registryConnection } from '@loyalty/avro';
import type { OutputFormat } from '@loyalty/config';
import { inputTopicNames, inputTypeOfTopic, type ParserConfig, type TopicNames } from '@loyalty/contracts';
import type { Rules } from '@loyalty/core';
import {
  BatchConsumer,
  type ConsumedBatch,
  type ConsumerEvent,
  CoPartitionedAssigner,
  DeadLetterPublisher,
} from '@loyalty/kafka';
import type { CustomerStore } from '@loyalty/redis-store';
import { type Logger, retry } from '@loyalty/runtime';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { classifyOutcomes, readBatch, splitDue, withoutErased } from './batch-plan.js';
import { CustomerCache } from './customer-cache.js';
import type { CustomerValues } from './customer-values.js';
import { EventTimeClock } from './event-time-clock.js';
import { LateEventLog } from './late-event-log.js';
import type { ModelParams } from './model-params.js';
import { type OutputEncoder, outputEncoder } from './output-encoder.js';
import { PyramidAnnouncer } from './pyramid-announcer.js';
import { ShardEvaluator } from './shard-evaluator.js';
import type { ValueEstimateOptions } from './value-estimate.js';

// A rebalance can find the group coordinator still loading: a few tries span that.
const BACKLOG_RETRY = { initialDelayMs: 200, maxDelayMs: 5_000, maxAttempts: 6 } as const;

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

/** What the aggregator reports (metrics subscribe): the consumer runtime's events, and late events. */
export type AggregatorEvent =
  | ConsumerEvent
  | { readonly type: 'late'; readonly topic: string; readonly secondsBehind: number };

const RETRY = { initialDelayMs: 100, maxDelayMs: 5_000 };

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
  readonly pyramid: PyramidAnnouncer;
  private readonly consumer: BatchConsumer;
  private readonly listeners: Array<(event: AggregatorEvent) => void> = [];
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly registry: Registry;
  private readonly decoder: AvroDecoder;
  private encoder: OutputEncoder | undefined;
  private shardCount: number | undefined;
  private readonly clock: EventTimeClock;
  private readonly lateLog = new LateEventLog();
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly cache: CustomerCache<CustomerValues>;
  // The owned shards' watermarks as last written: the owner is their only writer.
  private readonly watermarks = new Map<number, number>();
  private readonly log: Logger;
  private readonly now: () => number;
  private assigned = new Set<number>();
  // Batches and sweeps wait for it: until the clock knows the backlog, no watermark may move.
  private backlogKnown: Promise<void> = Promise.resolve();
  // Counts assignments, so that a backlog read for one that was since replaced is dropped.
  private assignment = 0;
  private sweeping = false;
  private timer: NodeJS.Timeout | undefined;

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
    const { topics } = options;
    const inputTopics = inputTopicNames(topics);
    // Every input topic from the start, at 0: its series exists before its first late event.
    for (const topic of inputTopics) this.counts.late[topic] = 0;
    this.consumer = new BatchConsumer(
      deps.kafka,
      {
        groupId: options.groupId,
        topics: inputTopics,
        consumer: {
          partitionAssigners: [CoPartitionedAssigner],
          sessionTimeout: options.sessionTimeoutMs ?? 30_000,
          heartbeatInterval: 3_000,
          maxBytesPerPartition: options.fetchBytes ?? 1_048_576,
        },
        // Batches of different partitions overlap their Redis and Kafka round trips; batches of
        // one shard still run one at a time (withShard), which keeps each customer in order.
        concurrency: options.concurrency ?? 3,
        retry: RETRY,
        handle: (batch) => this.handleBatch(batch),
      },
      this.log,
    );
    this.consumer.on((event) => {
      this.emit(event);
      if (event.type === 'fatal') deps.onFatal?.(event.error);
    });
    this.producer = deps.kafka.producer({ allowAutoTopicCreation: false });
    this.admin = deps.kafka.admin();
    this.deadLetters = new DeadLetterPublisher(this.producer, options.topics.deadLetters);
    this.registry = registryConnection(options.registryUrl);
    this.decoder = new AvroDecoder(this.registry.endpoint);
    this.cache = new CustomerCache(options.cacheCustomers ?? 100_000);
    const encoder = () => {
      if (this.encoder === undefined) throw new TypeError('the aggregator emits nothing before connect()');
      return this.encoder;
    };
    this.evaluator = new ShardEvaluator({
      store: deps.store,
      cache: this.cache,
      producer: this.producer,
      rules: options.rules,
      topics: options.topics,
      currency: options.parser.baseCurrency,
      encoder,
      epochs: deps.store.epochs,
      log: this.log,
      model: () => deps.model?.current(),
      ...(options.valueOptions === undefined ? {} : { valueOptions: options.valueOptions }),
    });
    this.pyramid = new PyramidAnnouncer({
      epochs: deps.store.epochs,
      load: (ids) => this.evaluator.load(ids),
      producer: this.producer,
      rules: options.rules,
      topics: options.topics,
      currency: options.parser.baseCurrency,
      encoder,
      shardCount: () => {
        if (this.shardCount === undefined) throw new TypeError('the shard count is known once connected');
        return this.shardCount;
      },
    });
    this.consumer.onConsumerEvent(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const assignment = payload.memberAssignment as Record<string, number[]>;
      this.assigned = new Set(Object.values(assignment).flat());
      this.log.info({ shards: [...this.assigned].sort((a, b) => a - b) }, 'partitions assigned');
      this.assignment++;
      this.clock.reset();
      // Another member may have written the shards' customers and watermarks meanwhile.
      this.cache.clear();
      this.watermarks.clear();
      this.pyramid.forget();
      this.backlogKnown = this.learnBacklog(assignment, this.assignment);
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
    // The shards are the input topics' partitions; the pyramid's epochs need them all counted.
    const metadata = await this.admin.fetchTopicMetadata({ topics: [this.options.topics.purchases] });
    this.shardCount ??= metadata.topics[0]?.partitions.length;
  }

  /** Connects, joins the group and starts consuming and the sweeps of idle shards and timers. */
  async start(): Promise<void> {
    await this.connect();
    await this.consumer.start();
    this.timer = setInterval(() => void this.sweepTimers(), this.options.timerIntervalMs);
  }

  /** Finishes the batch in hand, commits, and disconnects. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.consumer.stop();
    await Promise.allSettled([...this.locks.values()]);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /** Subscribes to what the aggregator reports (metrics). */
  on(listener: (event: AggregatorEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Moves every owned shard's watermark to `to` and emits what falls due (replay's "advance to the end"). */
  async advanceWatermarks(to: number, shards: Iterable<number> = this.assigned): Promise<number> {
    let emitted = 0;
    const owned = [...shards];
    for (const shard of owned) {
      emitted += await this.withShard(shard, async () => {
        const watermark = await this.advanceWatermark(shard, to);
        const evaluated = await this.evaluator.evaluate(shard, watermark);
        await this.pyramid.count(shard, watermark);
        await this.pyramid.recount(shard);
        return evaluated;
      });
    }
    // Once every owned shard has counted: an epoch is announced when all shards have.
    for (const shard of owned) emitted += await this.withShard(shard, () => this.pyramid.announce(shard));
    return emitted;
  }

  /** Whether the broker answers (readiness). */
  async kafkaReachable(): Promise<boolean> {
    await this.admin.describeCluster();
    return true;
  }

  /** Whether the consumer runs (readiness): false before start, once stopped, and after a crash. */
  get consuming(): boolean {
    return this.consumer.consuming;
  }

  /**
   * Moves each owned shard's watermark as far as its clock allows without a new batch: a
   * channel went idle, or (live) the wall clock moved, so timers of silent customers fall due.
   */
  private async sweepTimers(): Promise<void> {
    if (!this.consumer.consuming || this.sweeping) return;
    this.sweeping = true;
    try {
      const generation = await this.backlogRead();
      for (const shard of this.assigned) {
        await this.withShard(shard, async () => {
          // A rebalance meanwhile reset the clock: the next sweep starts over once it is read.
          if (generation !== this.assignment) return;
          const known = this.watermarks.get(shard) ?? (await this.deps.store.watermark(shard));
          const proposed = this.clock.watermark(shard, this.now(), known !== undefined);
          if (proposed !== undefined && proposed > (known ?? Number.NEGATIVE_INFINITY)) {
            const watermark = await this.advanceWatermark(shard, proposed, this.clock.reached(shard));
            await this.evaluator.evaluate(shard, watermark);
            await this.pyramid.count(shard, watermark);
          }
          await this.pyramid.recount(shard);
          // Whether or not this shard moved: another shard may have counted the epoch it waited
          // for, or recounted one.
          await this.pyramid.announce(shard);
        });
      }
    } catch (error) {
      this.log.warn({ err: error }, 'timer sweep failed; the next sweep retries');
    } finally {
      this.sweeping = false;
    }
    this.lateLog.flush(this.log, this.now());
  }

  /**
   * One batch: read it (batch-plan), then apply, dead-letter, advance the watermark, evaluate
   * and mark the rest due, each effect retried until it succeeds. The runtime commits after.
   */
  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    const { topic, partition: shard } = batch;
    const { store } = this.deps;
    await this.backlogRead();
    // Outside the shard's turn: waiting for the registry holds up no other work of the shard.
    const decoding = await this.decoder.prepare(batch.messages, batch.retryOptions('registry'));
    await this.withShard(shard, async () => {
      const watermarkBefore =
        this.watermarks.get(shard) ?? (await batch.retrying('batch', () => store.watermark(shard)));
      const nowMs = this.now();
      const parser = { ...this.options.parser, nowMs, inputTopics: this.options.topics };
      const reading = readBatch(
        topic,
        shard,
        batch.messages,
        (message) => decoding.acceptInput(message, { topic }, parser),
        watermarkBefore,
      );
      this.noteLate(topic, reading.lateByMs);
      const erasedAt = await batch.retrying('batch', () =>
        store.erasedBefore(reading.accepted.map((e) => e.customerId)),
      );
      this.cache.forget(erasedAt.keys());
      const { toApply, erased } = withoutErased(reading.accepted, erasedAt);
      let applyAttempts = 0;
      const outcomes = await batch.retrying('batch', () => {
        applyAttempts++;
        return store.applyEvents(toApply);
      });
      const result = classifyOutcomes(topic, toApply, outcomes);
      // After a failed attempt some events may have been applied unseen (they come back as
      // duplicates): the cache cannot tell, so it lets these customers be read again.
      if (applyAttempts > 1) this.cache.forget(toApply.map((event) => event.customerId));
      else this.cache.applied(result.applied);
      await batch.retrying('batch', () => this.deadLetters.publish([...reading.rejected, ...result.refused]));
      // Duplicates too: a redelivery after a crash may be the first this instance sees of an event.
      const lateAt = result.kept.flatMap((e) =>
        watermarkBefore !== undefined && e.entry.at <= watermarkBefore ? [e.entry.at] : [],
      );
      if (lateAt.length > 0) {
        const earliest = lateAt.reduce((min, at) => Math.min(min, at));
        await batch.retrying('batch', () => this.pyramid.noteLate(shard, earliest));
      }

      this.clock.observe(shard, topic, reading.maxAt, batch.caughtUp, nowMs);
      const proposed = this.clock.watermark(shard, nowMs, watermarkBefore !== undefined);
      // Without a watermark every kept event waits in the due index.
      let markDue = result.kept;
      if (proposed !== undefined) {
        await batch.retrying('batch', async () => {
          const passed = await this.advanceWatermark(shard, proposed, this.clock.reached(shard));
          const split = splitDue(result.kept, passed);
          markDue = split.markDue;
          await this.evaluator.evaluate(shard, passed, split.evaluateNow);
          // Announcements waiting for other shards' counts are left to the timer sweep.
          if (await this.pyramid.count(shard, passed)) await this.pyramid.announce(shard);
        });
      }
      // Before the commit: a crash in between redelivers the batch, whose events come back as
      // duplicates.
      await batch.retrying('batch', () => store.markDue(markDue));
      this.counts.consumed += batch.messages.length;
      this.counts.applied += result.applied.length;
      this.counts.duplicates += result.duplicates;
      this.counts.erased += erased;
      this.counts.batches++;
    });
  }

  private noteLate(topic: string, lateByMs: readonly number[]): void {
    if (lateByMs.length === 0) return;
    this.counts.late[topic] = (this.counts.late[topic] ?? 0) + lateByMs.length;
    for (const ms of lateByMs) {
      this.lateLog.add(topic, ms);
      this.emit({ type: 'late', topic, secondsBehind: ms / 1_000 });
    }
  }

  private emit(event: AggregatorEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Moves the shard's watermark forward in Redis and remembers the one in force. */
  private async advanceWatermark(shard: number, proposed: number, reached?: number): Promise<number> {
    const watermark = await this.deps.store.advanceWatermark(shard, proposed, reached);
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

  /** Waits until the clock knows the backlog of the latest assignment; returns that assignment. */
  private async backlogRead(): Promise<number> {
    for (;;) {
      const reading = this.backlogKnown;
      const generation = this.assignment;
      await reading;
      if (reading === this.backlogKnown) return generation;
    }
  }

  /**
   * Tells the clock which assigned topic-partitions still have unread messages (those hold
   * watermarks back) and how far each shard's input reached under its earlier owners. All of it
   * is read before any of it is applied: a clock that knew how far a shard reached but not yet
   * which channels hold it back would let a sweep move the watermark past the unread backlog.
   */
  private async learnBacklog(assignment: Record<string, number[]>, generation: number): Promise<void> {
    const replaced = () => generation !== this.assignment;
    try {
      const backlog = await retry(() => this.readBacklog(assignment), {
        ...BACKLOG_RETRY,
        shouldStop: replaced,
        onRetry: (error, attempt) =>
          this.log.warn({ err: error, attempt }, 'reading the backlog failed; retrying'),
      });
      if (replaced()) return;
      for (const [shard, reached] of backlog.reached) this.clock.resume(shard, reached);
      for (const { shard, topic, hasBacklog } of backlog.channels) this.clock.track(shard, topic, hasBacklog);
    } catch (error) {
      // Waiting for a topic that may have nothing to deliver could stall its shard for good:
      // rather let the watermark follow what is delivered, and correct what then arrives late.
      if (!replaced())
        this.log.warn({ err: error }, 'could not read the backlog; watermarks follow what is delivered');
    }
  }

  private async readBacklog(assignment: Record<string, number[]>): Promise<{
    reached: Map<number, number>;
    channels: { shard: number; topic: string; hasBacklog: boolean }[];
  }> {
    const topics = Object.keys(assignment).filter(
      (t) => inputTypeOfTopic(t, this.options.topics) !== undefined,
    );
    const reached = new Map<number, number>();
    for (const shard of new Set(Object.values(assignment).flat())) {
      const at = await this.deps.store.reached(shard);
      if (at !== undefined) reached.set(shard, at);
    }
    const channels: { shard: number; topic: string; hasBacklog: boolean }[] = [];
    const committed = await this.admin.fetchOffsets({ groupId: this.options.groupId, topics });
    for (const topic of topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const partition of assignment[topic] ?? []) {
        const end = ends.find((e) => e.partition === partition);
        const at = done.find((d) => d.partition === partition)?.offset ?? '-1';
        const position = at === '-1' ? BigInt(end?.low ?? '0') : BigInt(at);
        channels.push({
          shard: partition,
          topic,
          hasBacklog: end !== undefined && BigInt(end.high) > position,
        });
      }
    }
    return { reached, channels };
  }
}
