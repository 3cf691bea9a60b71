import { isRetriable, type Logger, type RetryOptions, retry } from '@loyalty/runtime';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

/** What the runtime tells its subscribers (metrics, logs, tests), as kafkajs instruments itself. */
export type ConsumerEvent =
  | {
      readonly type: 'batch';
      readonly topic: string;
      readonly partition: number;
      readonly size: number;
      readonly seconds: number;
      /** Messages behind the log end after this batch. */
      readonly lag: number;
    }
  | {
      readonly type: 'retry';
      readonly operation: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: unknown;
      readonly topic: string;
      readonly partition: number;
    }
  | { readonly type: 'fatal'; readonly error: unknown };

/** One fetched batch of one topic-partition, with what its handler needs from the runtime. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
  /** Whether this batch reached the log end when it was fetched. */
  readonly caughtUp: boolean;
  /** True once the consumer stops or the partition was taken away: give up and return. */
  shouldStop(): boolean;
  /**
   * Runs a side effect until it succeeds, retrying retriable failures with backoff while the
   * group keeps hearing from this member; each retry is reported as `operation`.
   */
  retrying<T>(operation: string, effect: () => Promise<T>): Promise<T>;
  /** The retry options of `retrying`, for code that retries by itself (e.g. the registry wait). */
  retryOptions(operation: string): RetryOptions;
  heartbeat(): Promise<void>;
}

export interface BatchConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Further kafkajs consumer settings (fetch sizes, assigners, session timeout). */
  readonly consumer?: Omit<ConsumerConfig, 'groupId' | 'retry'>;
  /** How many partitions' batches are handled at once. */
  readonly concurrency: number;
  /** Backoff of `retrying`; it never gives up by itself (only when the batch should stop). */
  readonly retry: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs'>;
  /**
   * Handles one batch. When it returns (and the partition is still ours), the runtime resolves
   * and commits the batch's last offset: the handler decides, the runtime owns the offsets.
   */
  readonly handle: (batch: ConsumedBatch) => Promise<void>;
}

/**
 * The consumer loop the aggregator and the history sink share: join the group, hand each
 * batch to the service, retry its side effects while heartbeating, commit only what the
 * handler finished, report through events, stop on request. An error retrying cannot fix
 * stops the consumer and is reported as a `fatal` event, so that the process exits rather
 * than stays up idle.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private readonly listeners: Array<(event: ConsumerEvent) => void> = [];
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions,
    private readonly log: Logger,
  ) {
    this.consumer = kafka.consumer({
      ...options.consumer,
      groupId: options.groupId,
      retry: { restartOnFailure: async (error: Error) => isRetriable(error) },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !this.running) return;
      this.running = false;
      this.log.fatal({ err: payload.error }, 'consumer stopped on an error retrying cannot fix');
      this.emit({ type: 'fatal', error: payload.error });
    });
  }

  /** Subscribes to what the runtime reports. */
  on(listener: (event: ConsumerEvent) => void): void {
    this.listeners.push(listener);
  }

  /** kafkajs' own instrumentation events, e.g. GROUP_JOIN for the assignment. */
  get events(): Consumer['events'] {
    return this.consumer.events;
  }

  /** Listens to one of kafkajs' instrumentation events. */
  onConsumerEvent: Consumer['on'] = (...args) => this.consumer.on(...args);

  /** Whether the consumer runs: false before start, once stopped, and after a fatal error. */
  get consuming(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    this.running = true;
    await this.consumer.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency,
      eachBatch: (payload) => this.runBatch(payload),
    });
  }

  /** Finishes the batches in hand, commits them, and leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }

  pause(topics: readonly string[]): void {
    this.consumer.pause(topics.map((topic) => ({ topic })));
  }

  resume(topics: readonly string[]): void {
    this.consumer.resume(topics.map((topic) => ({ topic })));
  }

  private async runBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary } = payload;
    if (batch.messages.length === 0) return;
    const startedAt = process.hrtime.bigint();
    const { topic, partition } = batch;
    const shouldStop = () => !isRunning() || isStale();
    const retryOptions = (operation: string): RetryOptions => ({
      ...this.options.retry,
      maxAttempts: Number.POSITIVE_INFINITY,
      shouldStop,
      whileWaiting: heartbeat,
      onRetry: (error, attempt, delayMs) => {
        this.emit({ type: 'retry', operation, attempt, delayMs, error, topic, partition });
        this.log.warn(
          { err: error, attempt, delayMs, topic, partition, operation },
          'retrying a side effect',
        );
      },
    });
    const last = BigInt(batch.lastOffset());
    await this.options.handle({
      topic,
      partition,
      messages: batch.messages,
      caughtUp: last + 1n >= BigInt(batch.highWatermark),
      shouldStop,
      retrying: (operation, effect) => retry(effect, retryOptions(operation)),
      retryOptions,
      heartbeat,
    });
    // A partition taken away meanwhile is read again by its new owner from the last commit;
    // committing here would commit for a generation that is gone.
    if (isStale()) return;
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary();
    await heartbeat();
    this.emit({
      type: 'batch',
      topic,
      partition,
      size: batch.messages.length,
      seconds: Number(process.hrtime.bigint() - startedAt) / 1e9,
      lag: Number(BigInt(batch.highWatermark) - last - 1n),
    });
  }

  private emit(event: ConsumerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
