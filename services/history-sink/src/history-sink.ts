import type { ClickHouseClient } from '@clickhouse/client';
import { AvroDecoder, registryEndpoint } from '@loyalty/avro';
import { insertRows, migrate, openDatabase } from '@loyalty/clickhouse';
import { historyTopics } from '@loyalty/contracts';
import { BatchConsumer, type ConsumedBatch, type ConsumerEvent } from '@loyalty/kafka';
import { type Logger, retry } from '@loyalty/runtime';
import type { Kafka } from 'kafkajs';
import { awaitDurable } from './await-durable.js';
import { BatchWriter, type RefusedRow, type SourcedRows } from './batch-writer.js';
import type { SinkConfig } from './config.js';
import { MessageDecoder } from './decode-message.js';
import { ErasureTombstones } from './erasure-tombstones.js';
import { refusedRowLetter, STORE_REFUSED } from './rows/refused-row-letter.js';
import type { RowSource } from './rows/row-source.js';
import { TombstoneRefresh } from './tombstone-refresh.js';

/** Counters since start, for logs, metrics and tests. */
export interface SinkStats {
  /** Messages read, with rows or not. */
  readonly messages: number;
  /** Rows ClickHouse acknowledged, dead letters standing in for refused rows included. */
  readonly rowsWritten: number;
  /** Messages without rows, by reason (input the aggregator dead-letters, invalid outputs). */
  readonly skipped: Readonly<Record<string, number>>;
  /**
   * Rows ClickHouse refused for their data, by table; each was replaced by a store_refused
   * dead letter of its message (a refused dead letter by a safer one).
   */
  readonly refused: Readonly<Record<string, number>>;
  /** Erased customers known (tombstones); their events from before the erasure are skipped. */
  readonly tombstones: number;
}

export interface SinkDependencies {
  readonly kafka: Kafka;
  readonly log: Logger;
  /** Called when the consumer stopped on an error that retrying cannot fix (the process should exit). */
  readonly onFatal?: (error: unknown) => void;
  /** Told about each insert and failed attempt (metrics). */
  readonly observer?: { flushed(rows: number, seconds: number): void; insertFailed(): void };
  /** Told what the consumer runtime reports: batches with their lag, retries (metrics). */
  readonly onConsumerEvent?: (event: ConsumerEvent) => void;
}

// Heartbeats while a batch waits for ClickHouse: well inside kafkajs' 30 s session timeout
// (kafkajs itself sends one at most every heartbeatInterval, 3 s).
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * Kafka -> ClickHouse. Reads every topic of the product in its own consumer group and writes
 * each message's rows into the history tables. A Kafka batch's offsets are resolved only once
 * ClickHouse acknowledged its rows, and kafkajs commits only resolved offsets, so a crash
 * replays at most what was not yet acknowledged, and the replayed copies collapse on event
 * id. While ClickHouse is down the consumer is paused and the insert retried with backoff. A
 * row ClickHouse refuses for its data is the message's fault: a store_refused dead letter of
 * the message stands in for it, and the partition moves on.
 */
export class HistorySink {
  private readonly log: Logger;
  private readonly writer: BatchWriter<RowSource>;
  private readonly decoder: MessageDecoder;
  private readonly avro: AvroDecoder;
  private readonly tombstones: ErasureTombstones;
  private readonly tombstoneRefresh: TombstoneRefresh;
  private readonly topicList: string[];
  private client: ClickHouseClient | undefined;
  private consumer: BatchConsumer | undefined;
  private stopping = false;
  private paused = false;
  // Batch handlers running, and those of them waiting for their rows to be durable.
  private active = 0;
  private waiting = 0;
  private messages = 0;
  private readonly skipped: Record<string, number> = {};
  private readonly refused: Record<string, number> = {};

  constructor(
    private readonly config: SinkConfig,
    private readonly deps: SinkDependencies,
  ) {
    this.log = deps.log.child({ module: 'history-sink' });
    // The history topics only: the current-state topic is a fold of the change topics stored here.
    this.topicList = historyTopics(config.topics);
    this.tombstones = new ErasureTombstones(config.erasure.secret);
    this.tombstoneRefresh = new TombstoneRefresh(this.tombstones, config.erasure.refreshMs, this.log);
    this.decoder = new MessageDecoder(config.topics, config.parser, this.tombstones);
    this.avro = new AvroDecoder(registryEndpoint(config.registryUrl));
    this.writer = new BatchWriter({
      flushRows: config.flushRows,
      flushMs: config.flushMs,
      retry: config.retry,
      log: deps.log.child({ module: 'batch-writer' }),
      write: (table, rows) => insertRows(this.requireClient(), table, rows),
      deadLetterFor: (refused) => refusedRowLetter(refused, Date.now()),
      onRefused: (refused) => this.noteRefused(refused),
      onFailure: () => {
        deps.observer?.insertFailed();
        this.pause();
      },
      onWritten: (rows, seconds) => deps.observer?.flushed(rows, seconds),
      onRecovery: () => this.resume(),
    });
  }

  /** Whether ClickHouse answers (readiness). */
  async clickhouseReachable(): Promise<boolean> {
    const ping = await this.requireClient().ping();
    return ping.success;
  }

  /** Counters since start. */
  stats(): SinkStats {
    return {
      messages: this.messages,
      rowsWritten: this.writer.written,
      skipped: { ...this.skipped },
      refused: { ...this.refused },
      tombstones: this.tombstones.size,
    };
  }

  /**
   * Creates the database and applies migrations (waiting, with backoff, for ClickHouse to
   * answer), then joins the consumer group. Resolves once consuming has started.
   */
  async start(): Promise<void> {
    this.client = await retry(() => this.openAndMigrate(), {
      ...this.config.retry,
      maxAttempts: Number.POSITIVE_INFINITY,
      shouldStop: () => this.stopping,
      onRetry: (error, attempt, delayMs) =>
        this.log.warn({ err: error, attempt, delayMs }, 'ClickHouse not ready at start; retrying'),
    });
    this.tombstoneRefresh.start(this.client);
    const consumer = new BatchConsumer(
      this.deps.kafka,
      {
        groupId: this.config.groupId,
        topics: this.topicList,
        consumer: {
          // The broker holds a fetch until it has this much or SINK_FLUSH_MS passed, so that a
          // quiet stream still yields one insert per SINK_FLUSH_MS rather than one per message.
          minBytes: this.config.fetchMinBytes,
          maxWaitTimeInMs: this.config.flushMs,
          maxBytes: this.config.fetchMaxBytes,
        },
        // Every assigned partition's batch can wait for the same insert: one insert per fetch.
        concurrency: this.topicList.length * this.config.kafka.LOYALTY_TOPIC_PARTITIONS,
        retry: this.config.retry,
        handle: (batch) => this.handleBatch(batch),
      },
      this.log,
    );
    consumer.on((event) => {
      this.deps.onConsumerEvent?.(event);
      if (event.type === 'fatal') this.deps.onFatal?.(event.error);
    });
    this.consumer = consumer;
    await consumer.start();
    this.log.info({ groupId: this.config.groupId, topics: this.topicList }, 'history sink started');
  }

  /**
   * Writes what has been read, commits it and leaves the group. If ClickHouse does not
   * acknowledge within the shutdown timeout, the rest stays uncommitted (read again next time).
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.tombstoneRefresh.stop();
    this.writer.close();
    const giveUp = setTimeout(() => {
      this.log.error(
        { timeoutMs: this.config.shutdownTimeoutMs },
        'rows not written in time; leaving them uncommitted',
      );
      this.writer.abort();
    }, this.config.shutdownTimeoutMs);
    try {
      await this.consumer?.stop();
    } finally {
      clearTimeout(giveUp);
      this.writer.abort();
      await this.client?.close();
      this.log.info(this.stats(), 'history sink stopped');
    }
  }

  private async openAndMigrate(): Promise<ClickHouseClient> {
    const client = await openDatabase(this.config.clickhouse);
    try {
      const outcomes = await migrate(client);
      const applied = outcomes.filter((o) => o.status === 'applied').map((o) => o.version);
      if (applied.length > 0) this.log.info({ applied }, 'migrations applied');
      // Before consuming: a restart must not write an erased customer's old events.
      await this.tombstoneRefresh.refresh(client);
      return client;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  private requireClient(): ClickHouseClient {
    if (this.client === undefined) throw new TypeError('the history sink has not started');
    return this.client;
  }

  /** One batch's rows, written; the runtime commits once this returns. */
  private async handleBatch(batch: ConsumedBatch): Promise<void> {
    this.active++;
    try {
      // While the registry is down the batch waits (heartbeating): its Avro messages are good
      // data, and skipping them would lose their rows.
      const decoding = await this.avro.prepare(batch.messages, batch.retryOptions('registry'));
      // Each message's rows with the message: a row ClickHouse refuses is replaced by a dead
      // letter of its message.
      const sourced: SourcedRows<RowSource>[] = [];
      for (const message of batch.messages) {
        const decoded = this.decoder.decode(batch.topic, batch.partition, message, decoding);
        if (decoded.ok) {
          if (decoded.rowCount > 0)
            sourced.push({
              source: { topic: batch.topic, partition: batch.partition, message },
              rows: decoded.rows,
            });
        } else {
          this.skipped[decoded.reason] = (this.skipped[decoded.reason] ?? 0) + 1;
          const where = { topic: batch.topic, partition: batch.partition, offset: message.offset };
          // Rejected input is expected (the aggregator dead-letters it); a bad output is not.
          const level = decoded.reason === 'invalid_output' ? 'warn' : 'debug';
          this.log[level]({ ...where, reason: decoded.reason, detail: decoded.detail }, 'message skipped');
        }
      }
      this.messages += batch.messages.length;
      if (sourced.length > 0) {
        const durable = this.writer.add(sourced);
        this.waiting++;
        this.flushWhenAllWait();
        try {
          await awaitDurable(durable, batch.heartbeat, HEARTBEAT_EVERY_MS, this.log);
        } finally {
          this.waiting--;
        }
      }
    } finally {
      this.active--;
      this.flushWhenAllWait();
    }
  }

  // A message's fault, not the server's: counted and logged where it is found, without the
  // row or ClickHouse's text (both may hold personal data; the dead letter keeps them).
  private noteRefused({ table, source, error, attempt }: RefusedRow<RowSource>): void {
    this.refused[table] = (this.refused[table] ?? 0) + 1;
    this.log.warn(
      {
        topic: source.topic,
        partition: source.partition,
        offset: source.message.offset,
        table,
        code: error.code,
        attempt,
        reason: STORE_REFUSED,
      },
      attempt === 1
        ? 'ClickHouse refused a row; its message goes to dead_letters instead'
        : 'ClickHouse refused the dead letter standing in for a refused row',
    );
  }

  // kafkajs fetches again only after every batch of the last fetch returned, so once all
  // running handlers wait for the writer nothing more can join the open batch: write it now
  // instead of letting it age. (The broker already gathered for up to SINK_FLUSH_MS.)
  private flushWhenAllWait(): void {
    setImmediate(() => {
      if (this.waiting > 0 && this.waiting === this.active) this.writer.flushNow();
    });
  }

  private pause(): void {
    if (this.paused || this.consumer === undefined) return;
    this.paused = true;
    this.consumer.pause(this.topicList);
    this.log.warn('ClickHouse unavailable: consumer paused until the insert succeeds');
  }

  private resume(): void {
    if (!this.paused || this.consumer === undefined) return;
    this.paused = false;
    this.consumer.resume(this.topicList);
    this.log.info('ClickHouse back: consumer resumed');
  }
}
