import type { RowOf, TableName, TableRows } from '@loyalty/clickhouse';
import { type Logger, LoyaltyError, retry } from '@loyalty/runtime';
import { appendRows } from './rows/append-rows.js';

/** Writes the rows of one table; resolves once they are durable. */
export type WriteTable = <T extends TableName>(table: T, rows: readonly RowOf[T][]) => Promise<void>;

export interface BatchWriterOptions {
  /** A batch is written once it holds this many rows... */
  readonly flushRows: number;
  /** ...or this long after its first row arrived, whichever comes first. */
  readonly flushMs: number;
  readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly write: WriteTable;
  readonly log: Logger;
  /** Called on each failed try that will be retried (the sink pauses its consumer). */
  readonly onFailure?: (error: unknown) => void;
  /** Called when a batch was written after failed tries (the sink resumes). */
  readonly onRecovery?: () => void;
  /** Told after each acknowledged insert: its rows and the seconds it took, retries included. */
  readonly onWritten?: (rows: number, seconds: number) => void;
}

/** The writer was aborted before the rows were durable; they were not acknowledged. */
export class WriterAbortedError extends LoyaltyError {
  override readonly name = 'WriterAbortedError';
  constructor() {
    super('the batch writer stopped before the rows were written; their offsets stay uncommitted');
  }
}

interface Batch {
  readonly tables: TableRows;
  rows: number;
  timer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch may fail before anyone awaits it (abort); its waiters still see the error.
  done.catch(() => undefined);
  return { tables: {}, rows: 0, timer: undefined, done, resolve, reject };
}

/**
 * Collects rows from many Kafka batches into one insert per table, and writes batches one
 * after another, each retried with capped exponential backoff and jitter until it is durable.
 * `add` returns a promise that resolves once the added rows are durable: only then may their
 * offsets be committed. Tables of a batch that were written stay written across retries (a
 * retried insert would only add copies, which the ReplacingMergeTree tables collapse anyway).
 */
export class BatchWriter {
  private pending: Batch | undefined;
  private readonly sealed: Batch[] = [];
  private writing = false;
  private closing = false;
  private aborted = false;
  private rowsWritten = 0;

  constructor(private readonly options: BatchWriterOptions) {}

  /** Rows written since start. */
  get written(): number {
    return this.rowsWritten;
  }

  /** Adds rows to the open batch; resolves when they are durable, rejects if the writer is aborted first. */
  add(rows: TableRows): Promise<void> {
    if (this.aborted) return Promise.reject(new WriterAbortedError());
    if (this.pending === undefined) {
      const batch = newBatch();
      batch.timer = setTimeout(() => this.seal(batch), this.options.flushMs);
      this.pending = batch;
    }
    const batch = this.pending;
    batch.rows += appendRows(batch.tables, rows);
    if (batch.rows >= this.options.flushRows || this.closing) this.seal(batch);
    return batch.done;
  }

  /** Writes the open batch now rather than at its size or age (nothing more is coming for it). */
  flushNow(): void {
    if (this.pending !== undefined) this.seal(this.pending);
  }

  /** From now on every batch is written at once (shutting down: write what came, then stop). */
  close(): void {
    this.closing = true;
    this.flushNow();
  }

  /** Gives up: stops retrying, and fails every batch not yet durable with WriterAbortedError. */
  abort(): void {
    this.aborted = true;
    const error = new WriterAbortedError();
    if (this.pending !== undefined) {
      clearTimeout(this.pending.timer);
      this.pending.reject(error);
      this.pending = undefined;
    }
    for (const batch of this.sealed.splice(0)) batch.reject(error);
  }

  private seal(batch: Batch): void {
    if (this.pending !== batch) return;
    clearTimeout(batch.timer);
    this.pending = undefined;
    this.sealed.push(batch);
    void this.writeSealed();
  }

  // One batch at a time, in order: a second insert while the first is retried would only
  // pile up more work on a server that is already struggling.
  private async writeSealed(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      for (let batch = this.sealed.shift(); batch !== undefined; batch = this.sealed.shift()) {
        try {
          await this.writeBatch(batch);
          this.rowsWritten += batch.rows;
          batch.resolve();
        } catch (error) {
          batch.reject(this.aborted ? new WriterAbortedError() : error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Batch): Promise<void> {
    const left = new Map(Object.entries(batch.tables) as [TableName, unknown[]][]);
    let failures = 0;
    const started = Date.now();
    await retry(
      async () => {
        const results = await Promise.allSettled(
          [...left].map(async ([table, rows]) => {
            await this.options.write(table, rows as RowOf[typeof table][]);
            left.delete(table);
          }),
        );
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
      },
      {
        ...this.options.retry,
        maxAttempts: Number.POSITIVE_INFINITY,
        shouldStop: () => this.aborted,
        onRetry: (error, attempt, delayMs) => {
          failures = attempt;
          this.options.log.warn(
            { err: error, attempt, delayMs, rows: batch.rows, tablesLeft: [...left.keys()] },
            'insert failed; retrying',
          );
          this.options.onFailure?.(error);
        },
      },
    );
    this.options.onWritten?.(batch.rows, (Date.now() - started) / 1_000);
    if (failures > 0) {
      this.options.log.info(
        { attempts: failures + 1, rows: batch.rows, ms: Date.now() - started },
        'insert succeeded after retries',
      );
      this.options.onRecovery?.();
    }
  }
}
