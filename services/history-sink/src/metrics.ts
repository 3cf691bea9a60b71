import type { ConsumerEvent } from '@loyalty/kafka';
import { registerProcessMetrics } from '@loyalty/observability';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import pkg from '../package.json' with { type: 'json' };
import type { HistorySink } from './history-sink.js';

/**
 * The sink's Prometheus metrics: counters read from the sink's own stats at scrape time,
 * and the size and duration of each acknowledged insert.
 */
export class SinkMetrics {
  readonly registry = new Registry();
  private readonly flushRows: Histogram;
  private readonly flushSeconds: Histogram;
  private readonly insertFailures: Counter;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly retries: Counter<'operation'>;

  constructor() {
    registerProcessMetrics(this.registry, { name: 'loyalty_sink_build_info', version: pkg.version });
    const registers = [this.registry];
    this.flushRows = new Histogram({
      name: 'loyalty_sink_flush_rows',
      help: 'Rows per acknowledged insert',
      buckets: [10, 100, 1_000, 5_000, 10_000, 50_000, 100_000],
      registers,
    });
    this.flushSeconds = new Histogram({
      name: 'loyalty_sink_flush_duration_seconds',
      help: 'Time from sealing a batch to ClickHouse acknowledging it, retries included',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.insertFailures = new Counter({
      name: 'loyalty_sink_clickhouse_errors_total',
      help: 'Failed insert attempts (each is retried)',
      registers,
    });
    this.lag = new Gauge({
      name: 'loyalty_sink_consumer_lag',
      help: 'Messages behind the log end, per partition',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.retries = new Counter({
      name: 'loyalty_sink_retries_total',
      help: 'Retried waits of a batch by operation (the schema registry)',
      labelNames: ['operation'],
      registers,
    });
    // A series from the start, at 0: rate() and alerts see "no retries", not "no data".
    this.retries.inc({ operation: 'registry' }, 0);
  }

  /** Follows the consumer runtime's reports: each batch's lag, each retry. */
  consumerEvent(event: ConsumerEvent): void {
    if (event.type === 'batch')
      this.lag.set({ topic: event.topic, partition: String(event.partition) }, event.lag);
    else if (event.type === 'retry') this.retries.inc({ operation: event.operation });
  }

  /** Exposes the sink's stats as counters read at scrape time. */
  watch(sink: HistorySink): void {
    const registers = [this.registry];
    new Counter({
      name: 'loyalty_sink_messages_total',
      help: 'Messages read from Kafka',
      registers,
      collect() {
        this.reset();
        this.inc(sink.stats().messages);
      },
    });
    new Counter({
      name: 'loyalty_sink_rows_written_total',
      help: 'Rows ClickHouse acknowledged',
      registers,
      collect() {
        this.reset();
        this.inc(sink.stats().rowsWritten);
      },
    });
    new Counter({
      name: 'loyalty_sink_messages_skipped_total',
      help: 'Messages without rows, by reason',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const [reason, n] of Object.entries(sink.stats().skipped)) this.inc({ reason }, n);
      },
    });
    new Counter({
      name: 'loyalty_sink_rows_refused_total',
      help: 'Rows ClickHouse refused for their data, by table; each stored as a store_refused dead letter instead',
      labelNames: ['table'],
      registers,
      collect() {
        this.reset();
        for (const [table, n] of Object.entries(sink.stats().refused)) this.inc({ table }, n);
      },
    });
  }

  flushed(rows: number, seconds: number): void {
    this.flushRows.observe(rows);
    this.flushSeconds.observe(seconds);
  }

  insertFailed(): void {
    this.insertFailures.inc();
  }
}
