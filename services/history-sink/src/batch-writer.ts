import type { DeadLetterRow, TableName, TableRows } from '@loyalty/clickhouse';
import { type Logger, LoyaltyError, retry } from '@loyalty/runtime';
import { type RefusedRow, TableInsert, type WriteTable } from './table-insert.js';

export type { RefusedRow, WriteTable } from './table-insert.js';

/** The rows decoded from one source (a Kafka message), and that source. */
export interface SourcedRows<Source> {
  readonly source: Source;
  readonly rows: TableRows;
}

export interface BatchWriterOptions<Source> {
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
  /** Told after each acknowledged batch: its rows stored and the seconds it took, retries included. */
  readonly onWritten?: (rows: number, seconds: number) => void;
  /**
   * The dead letter that stands in for a row ClickHouse refused (a message's fault, not the
   * server's: a value it cannot parse or hold); undefined when no safer form is left, which
   * fails the batch with a non-retriable error. A stand-in that is refused too comes back with
   * the next `attempt`, so each attempt must be safer than the one before.
   */
  readonly deadLetterFor: (refused: RefusedRow<Source>) => DeadLetterRow | undefined;
  /** Told of each row ClickHouse refused, before its stand-in is built (logs, counters). */
  readonly onRefused?: (refused: RefusedRow<Source>) => void;
}

/** No dead letter could stand in for a row ClickHouse refused: nothing of it can be stored. */
export class RefusedRowNotStoredError extends LoyaltyError {
  override readonly name = 'RefusedRowNotStoredError';
  constructor(refused: RefusedRow<unknown>) {
    super(
      `ClickHouse refused a row of ${refused.table} (code ${refused.error.code}) and each dead letter that ` +
        'was to stand in for it; its offset stays uncommitted',
      { retriable: false, cause: refused.error },
    );
  }
}

/** The writer was aborted before the rows were durable; they were not acknowledged. */
export class WriterAbortedError extends LoyaltyError {
  override readonly name = 'WriterAbortedError';
  constructor() {
    super('the batch writer stopped before the rows were written; their offsets stay uncommitted');
  }
}

// A table's rows in the order they came, each with its source at the same index.
interface TableRowsWithSources<Source> {
  readonly rows: unknown[];
  readonly sources: Source[];
}

interface Batch<Source> {
  readonly tables: Map<TableName, TableRowsWithSources<Source>>;
  rows: number;
  timer: NodeJS.Timeout | undefined;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch<Source>(): Batch<Source> {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch may fail before anyone awaits it (abort); its waiters still see the error.
  done.catch(() => undefined);
  return { tables: new Map(), rows: 0, timer: undefined, done, resolve, reject };
}

/**
 * Collects rows from many Kafka batches into one insert per table, and writes batches one
 * after another, each retried with capped exponential backoff and jitter until it is durable.
 * `add` returns a promise that resolves once the added rows are durable: only then may their
 * offsets be committed. Tables of a batch that were written stay written across retries (a
 * retried insert would only add copies, which the ReplacingMergeTree tables collapse anyway).
 *
 * A row ClickHouse refuses for its data is found by splitting its table's insert (TableInsert)
 * and replaced by a dead letter built from its source (`deadLetterFor`); the batch is durable
 * once every other row and every such dead letter is. Only when not even a dead letter of it
 * can be stored does the batch fail, with RefusedRowNotStoredError.
 */
export class BatchWriter<Source> {
  private pending: Batch<Source> | undefined;
  private readonly sealed: Batch<Source>[] = [];
  private writing = false;
  private closing = false;
  private aborted = false;
  private rowsWritten = 0;

  constructor(private readonly options: BatchWriterOptions<Source>) {}

  /** Rows ClickHouse acknowledged since start, dead letters standing in for refused rows included. */
  get written(): number {
    return this.rowsWritten;
  }

  /**
   * Adds the rows of some sources to the open batch; resolves when they are durable (or stood
   * in for by dead letters), rejects if the writer is aborted first or a row cannot be stored
   * in any form.
   */
  add(sourced: readonly SourcedRows<Source>[]): Promise<void> {
    if (this.aborted) return Promise.reject(new WriterAbortedError());
    if (this.pending === undefined) {
      const batch = newBatch<Source>();
      batch.timer = setTimeout(() => this.seal(batch), this.options.flushMs);
      this.pending = batch;
    }
    const batch = this.pending;
    for (const { source, rows } of sourced) {
      for (const [table, list] of Object.entries(rows) as [TableName, unknown[]][]) {
        const into = batch.tables.get(table) ?? { rows: [], sources: [] };
        batch.tables.set(table, into);
        // A loop, not push(...list): spreading a very large list overflows the stack.
        for (const row of list) {
          into.rows.push(row);
          into.sources.push(source);
        }
        batch.rows += list.length;
      }
    }
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

  private seal(batch: Batch<Source>): void {
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
          batch.resolve();
        } catch (error) {
          batch.reject(this.aborted ? new WriterAbortedError() : error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  // Writes the batch's tables side by side, then the dead letters standing in for the rows they
  // refused, then those for refused dead letters, until nothing is left. Retriable failures
  // are retried without end; the inserts keep their progress across retries.
  private async writeBatch(batch: Batch<Source>): Promise<void> {
    let round = [...batch.tables].map(([table, t]) => new TableInsert(table, t.rows, t.sources));
    let stored = 0;
    let failures = 0;
    const started = Date.now();
    const stopped = () => this.aborted;
    await retry(
      async () => {
        while (round.length > 0) {
          const results = await Promise.allSettled(
            round.map((insert) => insert.run(this.options.write, stopped)),
          );
          const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
          if (failed !== undefined) throw failed.reason;
          if (this.aborted) throw new WriterAbortedError();
          for (const insert of round) stored += insert.written;
          round = this.standIns(round);
        }
      },
      {
        ...this.options.retry,
        maxAttempts: Number.POSITIVE_INFINITY,
        shouldStop: () => this.aborted,
        onRetry: (error, attempt, delayMs) => {
          failures = attempt;
          this.options.log.warn(
            {
              err: error,
              attempt,
              delayMs,
              rows: batch.rows,
              tablesLeft: round.filter((insert) => !insert.done).map((insert) => insert.table),
            },
            'insert failed; retrying',
          );
          this.options.onFailure?.(error);
        },
      },
    );
    this.rowsWritten += stored;
    this.options.onWritten?.(stored, (Date.now() - started) / 1_000);
    if (failures > 0) {
      this.options.log.info(
        { attempts: failures + 1, rows: batch.rows, ms: Date.now() - started },
        'insert succeeded after retries',
      );
      this.options.onRecovery?.();
    }
  }

  // The next round: one insert of the dead letters standing in for the rows this round's
  // inserts set aside, or none.
  private standIns(round: readonly TableInsert<Source>[]): TableInsert<Source>[] {
    const letters: DeadLetterRow[] = [];
    const sources: Source[] = [];
    let attempt = 1;
    for (const insert of round) {
      for (const refused of insert.refused) {
        this.options.onRefused?.(refused);
        const letter = this.options.deadLetterFor(refused);
        if (letter === undefined) throw new RefusedRowNotStoredError(refused);
        letters.push(letter);
        sources.push(refused.source);
        attempt = Math.max(attempt, refused.attempt + 1);
      }
    }
    return letters.length === 0 ? [] : [new TableInsert('dead_letters', letters, sources, attempt)];
  }
}
