import type { ClvModelRecord } from '@loyalty/core';
import type { ClvModelStore } from '@loyalty/redis-store';
import type { Logger } from '@loyalty/runtime';

export interface ModelParamsOptions {
  /** Milliseconds between reads (AGGREGATOR_MODEL_REFRESH_MS). */
  readonly refreshMs: number;
  readonly log: Logger;
}

/**
 * The CLV model the aggregator uses, read from Redis at start and every refreshMs, so that a
 * new `loyalty model fit` takes effect without a restart. A failed read (Redis away, a stored
 * value that is not a valid record) keeps the model in use and is tried again at the next
 * refresh; a deleted key returns the aggregator to the configured rules.
 */
export class ModelParams {
  private record: ClvModelRecord | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly log: Logger;

  constructor(
    private readonly store: Pick<ClvModelStore, 'load'>,
    private readonly options: ModelParamsOptions,
  ) {
    this.log = options.log.child({ module: 'model-params' });
  }

  /** The model in use; undefined until one has been read (the configured rules apply then). */
  current(): ClvModelRecord | undefined {
    return this.record;
  }

  /** Reads the model once, so the first batch already uses it, then every refreshMs until stop(); never rejects. */
  async start(): Promise<void> {
    this.running = true;
    await this.refresh();
    this.schedule();
  }

  /** Stops reading; the model in use stays. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.running) return;
    // A timer chained after each read, not an interval: a slow read never overlaps the next.
    this.timer = setTimeout(() => void this.refresh().then(() => this.schedule()), this.options.refreshMs);
    // The consumer keeps the process alive; this timer alone must not.
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    let next: ClvModelRecord | undefined;
    try {
      next = await this.store.load();
    } catch (error) {
      this.log.warn({ err: error }, 'cannot read the CLV model; keeping the one in use');
      return;
    }
    if (JSON.stringify(next) === JSON.stringify(this.record)) return;
    this.record = next;
    if (next === undefined) this.log.info('CLV model removed; the configured churn parameters apply');
    else
      this.log.info({ fittedAt: next.fittedAt, cutoff: next.cutoff, bgnbd: next.bgnbd }, 'CLV model in use');
  }
}
