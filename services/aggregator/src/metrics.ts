import { registerProcessMetrics } from '@loyalty/observability';
import type { EpochProgress } from '@loyalty/redis-store';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import pkg from '../package.json' with { type: 'json' };
import type { Aggregator, AggregatorEvent } from './aggregator.js';
import type { LivePyramid } from './live-pyramid.js';

/**
 * The aggregator's Prometheus metrics. Counters read the aggregator's own counts when
 * scraped, so there is one source of truth; batch histograms, lag, lateness and retries
 * follow the events the aggregator reports.
 */
export class AggregatorMetrics {
  readonly registry = new Registry();
  private readonly batchSize: Histogram<'topic'>;
  private readonly batchSeconds: Histogram<'topic'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly retries: Counter<'operation'>;
  private readonly lateness: Histogram<'topic'>;

  constructor() {
    registerProcessMetrics(this.registry, { name: 'loyalty_aggregator_build_info', version: pkg.version });
    const registers = [this.registry];
    this.batchSize = new Histogram({
      name: 'loyalty_aggregator_batch_size',
      help: 'Messages per consumed batch',
      labelNames: ['topic'],
      buckets: [1, 10, 50, 100, 500, 1_000, 2_500, 5_000, 10_000],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'loyalty_aggregator_batch_duration_seconds',
      help: 'Time to apply a batch, emit its transitions and commit',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.lag = new Gauge({
      name: 'loyalty_aggregator_consumer_lag',
      help: 'Messages behind the log end, per partition',
      labelNames: ['topic', 'partition'],
      // Across workers (see workers/supervisor.ts): a partition is one worker's at a time, but
      // one that lost it in a rebalance keeps its last value; the largest is never an undercount
      // and ignores the zeros a caught-up former owner leaves, where a sum would double count.
      aggregator: 'max',
      registers,
    });
    this.lateness = new Histogram({
      name: 'loyalty_aggregator_event_lateness_seconds',
      help: 'How far behind the watermark late events arrived (event time), by input topic',
      labelNames: ['topic'],
      // From a few seconds to a month: till uploads, returns booked days later, nightly exports.
      buckets: [1, 10, 60, 600, 3_600, 21_600, 86_400, 604_800, 2_592_000],
      registers,
    });
    this.retries = new Counter({
      name: 'loyalty_aggregator_retries_total',
      help: 'Retried side effects (Redis, Kafka) by operation',
      labelNames: ['operation'],
      registers,
    });
    // Series from the start, at 0 (the operations aggregator.ts retries): rate() and alerts
    // see "no retries", not "no data".
    for (const operation of ['batch', 'registry']) this.retries.inc({ operation }, 0);
  }

  /** Follows the aggregator's events, and exposes its counts as counters read at scrape time. */
  watch(aggregator: Aggregator): void {
    aggregator.on((event) => this.observe(event));
    const registers = [this.registry];
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    counter(
      'loyalty_aggregator_events_consumed_total',
      'Input messages consumed',
      () => aggregator.counts.consumed,
    );
    counter(
      'loyalty_aggregator_events_applied_total',
      'Events applied to customer state',
      () => aggregator.counts.applied,
    );
    counter(
      'loyalty_aggregator_events_deduplicated_total',
      'Events already applied (redeliveries, duplicates)',
      () => aggregator.counts.duplicates,
    );
    counter(
      'loyalty_aggregator_events_erased_total',
      'Events of erased customers from before their erasure (dropped)',
      () => aggregator.counts.erased,
    );
    new Counter({
      name: 'loyalty_aggregator_events_late_total',
      help: 'Events at or before their shard watermark when they arrived, by input topic',
      labelNames: ['topic'],
      registers,
      collect() {
        this.reset();
        for (const [topic, n] of Object.entries(aggregator.counts.late)) this.inc({ topic }, n);
      },
    });
    new Counter({
      name: 'loyalty_aggregator_corrections_total',
      help: 'Correction events emitted because late input changed announced values, by kind',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, n] of Object.entries(aggregator.evaluator.corrected)) this.inc({ kind }, n);
      },
    });
    new Counter({
      name: 'loyalty_aggregator_dead_letters_total',
      help: 'Messages sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers,
      collect() {
        this.reset();
        for (const [reason, n] of Object.entries(aggregator.deadLetters.counts)) this.inc({ reason }, n);
      },
    });
    new Counter({
      name: 'loyalty_aggregator_events_emitted_total',
      help: 'Output events emitted, by topic',
      labelNames: ['topic'],
      registers,
      collect() {
        this.reset();
        for (const emitted of [aggregator.evaluator.emitted, aggregator.pyramid.emitted])
          for (const [topic, n] of Object.entries(emitted)) this.inc({ topic }, n);
      },
    });
    new Counter({
      name: 'loyalty_aggregator_customers_skipped_total',
      help: 'Customers left out of an evaluation (their key unreadable, or an output failing its schema), by why',
      labelNames: ['why'],
      registers,
      collect() {
        this.reset();
        for (const [why, n] of Object.entries(aggregator.evaluator.skipped)) this.inc({ why }, n);
      },
    });
  }

  /**
   * Publishes the live value pyramid, read from Redis at each scrape: where platinum, gold and
   * iron start (the cut-off values, in minor units) and how many customers each level holds.
   * While Redis cannot be read the gauges have no samples: a scrape never reports stale figures.
   */
  watchPyramid(read: () => Promise<LivePyramid>, onError: (error: unknown) => void): void {
    let reading: Promise<LivePyramid | undefined> | undefined;
    // One read serves both gauges of a scrape.
    const pyramid = () => {
      reading ??= read()
        .catch((error: unknown) => {
          onError(error);
          return undefined;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    };
    const registers = [this.registry];
    new Gauge({
      name: 'loyalty_pyramid_cutoff_minor',
      help: 'Where a value-pyramid level starts: the trailing qualifying spend of its cut-off bucket, minor units',
      labelNames: ['level'],
      // Every worker reads the same Redis: the same figure, not one to add up.
      aggregator: 'max',
      registers,
      async collect() {
        const cutoffs = (await pyramid())?.cutoffs;
        this.reset();
        if (cutoffs === undefined) return;
        for (const [level, value] of Object.entries(cutoffs.values)) this.set({ level }, value);
      },
    });
    new Gauge({
      name: 'loyalty_pyramid_customers',
      help: 'Customers in each value-pyramid level, by the live sketch merged over the shards',
      labelNames: ['level'],
      aggregator: 'max',
      registers,
      async collect() {
        const live = await pyramid();
        this.reset();
        if (live === undefined) return;
        for (const [level, customers] of Object.entries(live.levels)) this.set({ level }, customers);
      },
    });
  }

  /**
   * Publishes how far each shard has come through the value pyramid's epochs: the latest epoch
   * it counted and the latest it announced, in Unix seconds, read from Redis at each scrape. An
   * epoch is announced once every shard has counted it, so a shard that stops counting holds
   * every announcement back (alert LoyaltyPyramidEpochHeld). No samples while Redis cannot be read.
   */
  watchPyramidEpochs(read: () => Promise<readonly EpochProgress[]>, onError: (error: unknown) => void): void {
    new Gauge({
      name: 'loyalty_pyramid_epoch_seconds',
      help: 'The latest value-pyramid epoch a shard has counted or announced, Unix seconds',
      labelNames: ['shard', 'step'],
      aggregator: 'max',
      registers: [this.registry],
      async collect() {
        const progress = await read().catch((error: unknown) => {
          onError(error);
          return undefined;
        });
        this.reset();
        for (const [shard, { counted, announced }] of (progress ?? []).entries()) {
          if (counted !== undefined) this.set({ shard: String(shard), step: 'counted' }, counted / 1_000);
          if (announced !== undefined)
            this.set({ shard: String(shard), step: 'announced' }, announced / 1_000);
        }
      },
    });
  }

  private observe(event: AggregatorEvent): void {
    switch (event.type) {
      case 'batch':
        this.batchSize.observe({ topic: event.topic }, event.size);
        this.batchSeconds.observe({ topic: event.topic }, event.seconds);
        this.lag.set({ topic: event.topic, partition: String(event.partition) }, event.lag);
        return;
      case 'late':
        this.lateness.observe({ topic: event.topic }, event.secondsBehind);
        return;
      case 'retry':
        this.retries.inc({ operation: event.operation });
        return;
      case 'fatal':
        return;
    }
  }
}
