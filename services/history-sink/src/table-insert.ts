import {
  type ClickHouseRowsRefusedError,
  isRowsRefusedError,
  type RowOf,
  type TableName,
} from '@loyalty/clickhouse';

/** Writes the rows of one table; resolves once they are durable. */
export type WriteTable = <T extends TableName>(table: T, rows: readonly RowOf[T][]) => Promise<void>;

/** A row ClickHouse refused, where it came from, and the refusal. */
export interface RefusedRow<Source> {
  readonly table: TableName;
  readonly row: unknown;
  readonly source: Source;
  readonly error: ClickHouseRowsRefusedError;
  /**
   * 1 for a row as decoded; 2 for the dead letter that stood in for a refused row and was
   * refused too; and so on.
   */
  readonly attempt: number;
}

// Rows [start, end) of the table not stored yet.
type Segment = readonly [start: number, end: number];

/**
 * The insert of one table's rows that sets aside the rows ClickHouse refuses. When an insert is
 * refused for its data, its rows are split in halves and each half is inserted on its own,
 * recursing into a refused half, until the refused rows stand alone: a refused row costs about
 * 2·log2(rows) inserts, and every other row is stored once (a refused insert stores nothing on
 * 18.16; on servers that store part of it, the copies collapse on event id anyway). Progress
 * survives a failure: `run` again continues with the rows not stored yet.
 */
export class TableInsert<Source> {
  private readonly pending: Segment[];
  private readonly refusedRows: RefusedRow<Source>[] = [];
  private stored = 0;

  constructor(
    readonly table: TableName,
    private readonly rows: readonly unknown[],
    private readonly sources: readonly Source[],
    /** See RefusedRow.attempt. */
    readonly attempt = 1,
  ) {
    if (sources.length !== rows.length)
      throw new TypeError(`${rows.length} ${table} rows but ${sources.length} sources`);
    this.pending = rows.length > 0 ? [[0, rows.length]] : [];
  }

  /** Rows ClickHouse acknowledged. */
  get written(): number {
    return this.stored;
  }

  /** Whether every row is stored or set aside. */
  get done(): boolean {
    return this.pending.length === 0;
  }

  /** The rows set aside so far, in their order. */
  get refused(): readonly RefusedRow<Source>[] {
    return this.refusedRows;
  }

  /**
   * Inserts the rows not stored yet, setting aside each row ClickHouse refuses. Any other
   * failure is thrown as it is, the progress kept for the next call. Returns early, not
   * done, once `stopped` says so.
   */
  async run(write: WriteTable, stopped: () => boolean): Promise<void> {
    for (let segment = this.pending[0]; segment !== undefined && !stopped(); segment = this.pending[0]) {
      const [start, end] = segment;
      try {
        await write(this.table, this.rows.slice(start, end) as RowOf[typeof this.table][]);
        this.pending.shift();
        this.stored += end - start;
      } catch (error) {
        if (!isRowsRefusedError(error)) throw error;
        if (end - start === 1) {
          this.pending.shift();
          this.refusedRows.push({
            table: this.table,
            row: this.rows[start],
            source: this.sources[start] as Source,
            error,
            attempt: this.attempt,
          });
        } else {
          const middle = start + Math.ceil((end - start) / 2);
          this.pending.splice(0, 1, [start, middle], [middle, end]);
        }
      }
    }
  }
}
