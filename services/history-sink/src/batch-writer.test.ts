import {
  ClickHouseRowsRefusedError,
  type DeadLetterRow,
  type PurchaseLineRow,
  type PurchaseRow,
  type TableName,
} from '@loyalty/clickhouse';
import { createLogger, isRetriable, LoyaltyError } from '@loyalty/runtime';
import { describe, expect, it, vi } from 'vitest';
import {
  BatchWriter,
  type BatchWriterOptions,
  type RefusedRow,
  RefusedRowNotStoredError,
  type SourcedRows,
  WriterAbortedError,
} from './batch-writer.js';

// The writer's logic against an in-memory table store; the real inserts are exercised by
// the integration tests in test/. A row's source here is the name of its message, `m<i>`.

const log = createLogger('batch-writer-test', 'silent');

/** n messages of one purchase each: message m<i> holds purchase e<i>. */
function rows(n: number, from = 0): SourcedRows<string>[] {
  return Array.from({ length: n }, (_, i) => ({
    source: `m${from + i}`,
    rows: { purchases: [{ event_id: `e${from + i}` } as PurchaseRow] },
  }));
}

// A stand-in that says which row it stands in for and how many tries it took.
function letterFor(refused: RefusedRow<string>): DeadLetterRow {
  return { source_offset: refused.source, reason: `store_refused#${refused.attempt}` } as DeadLetterRow;
}

function writer(overrides: Partial<BatchWriterOptions<string>> = {}) {
  const inserts: { table: TableName; count: number }[] = [];
  const w = new BatchWriter<string>({
    flushRows: 10,
    flushMs: 50,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    log,
    write: async (table, list) => {
      inserts.push({ table, count: list.length });
    },
    deadLetterFor: letterFor,
    ...overrides,
  });
  return { w, inserts };
}

/**
 * An in-memory ClickHouse that refuses, as 18.16 does, a whole insert when it holds one row
 * `refuses` says no to, and otherwise stores every row; `fail` may throw first (an outage).
 */
function refusingStore(refuses: (table: TableName, row: Record<string, unknown>) => boolean) {
  const stored = new Map<TableName, Record<string, unknown>[]>();
  let inserts = 0;
  let fail: (() => void) | undefined;
  const write: BatchWriterOptions<string>['write'] = async (table, list) => {
    inserts++;
    fail?.();
    const given = list as readonly unknown[] as readonly Record<string, unknown>[];
    const refused = given.find((row) => refuses(table, row));
    if (refused !== undefined)
      throw new ClickHouseRowsRefusedError(
        table,
        25,
        'Code: 25, e.displayText() = DB::Exception: Cannot parse escape sequence',
        undefined,
      );
    stored.set(table, [...(stored.get(table) ?? []), ...given]);
  };
  return {
    write,
    stored: (table: TableName) => stored.get(table) ?? [],
    get inserts() {
      return inserts;
    },
    failWith(f: (() => void) | undefined) {
      fail = f;
    },
  };
}

const ids = (list: readonly Record<string, unknown>[], column = 'event_id') => list.map((row) => row[column]);

describe('BatchWriter', () => {
  it('writes a batch once it holds flushRows rows', async () => {
    const { w, inserts } = writer({ flushMs: 60_000 });
    const first = w.add(rows(4));
    const second = w.add(rows(6, 4));
    expect(second).toBe(first);
    await second;
    expect(inserts).toEqual([{ table: 'purchases', count: 10 }]);
    expect(w.written).toBe(10);
  });

  it('writes a batch flushMs after its first row', async () => {
    vi.useFakeTimers();
    try {
      const { w, inserts } = writer({ flushMs: 30 });
      const written = w.add(rows(1));
      await vi.advanceTimersByTimeAsync(29);
      expect(inserts).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await written;
      expect(inserts).toEqual([{ table: 'purchases', count: 1 }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes at once on flushNow and, once closing, on every add', async () => {
    const { w, inserts } = writer({ flushMs: 60_000 });
    const pending = w.add(rows(2));
    w.flushNow();
    await pending;
    w.close();
    await w.add(rows(1));
    expect(inserts.map((i) => i.count)).toEqual([2, 1]);
  });

  it('retries failed inserts, keeps tables already written, and reports failure and recovery', async () => {
    let complaintsFailures = 2;
    const events: string[] = [];
    const inserts: string[] = [];
    const { w } = writer({
      flushMs: 1,
      write: async (table) => {
        if (table === 'complaints' && complaintsFailures-- > 0)
          throw new LoyaltyError('down', { retriable: true });
        inserts.push(table);
      },
      onFailure: () => events.push('failure'),
      onRecovery: () => events.push('recovery'),
    });
    await w.add([
      {
        source: 'm0',
        rows: { purchases: [{ event_id: 'e0' } as PurchaseRow], complaints: [{ event_id: 'c' } as never] },
      },
    ]);
    expect(inserts).toEqual(['purchases', 'complaints']);
    expect(events).toEqual(['failure', 'failure', 'recovery']);
  });

  it('fails the batch at once on an error retrying cannot fix', async () => {
    const broken = new LoyaltyError('Cannot parse input', { retriable: false });
    const { w } = writer({
      flushMs: 1,
      write: async () => {
        throw broken;
      },
    });
    await expect(w.add(rows(1))).rejects.toBe(broken);
  });

  it('on abort stops retrying and fails what is not durable', async () => {
    const { w } = writer({
      flushMs: 1,
      write: async () => {
        throw new LoyaltyError('down', { retriable: true });
      },
    });
    const stuck = w.add(rows(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const open = w.add(rows(1));
    w.abort();
    await expect(stuck).rejects.toBeInstanceOf(WriterAbortedError);
    await expect(open).rejects.toBeInstanceOf(WriterAbortedError);
    await expect(w.add(rows(1))).rejects.toBeInstanceOf(WriterAbortedError);
    expect(w.written).toBe(0);
  });

  describe('rows ClickHouse refuses', () => {
    it('stores every other row once and a dead letter of the refused one, found by halving', async () => {
      const store = refusingStore((_, row) => row.event_id === 'e37');
      const refusedRows: RefusedRow<string>[] = [];
      const failures: unknown[] = [];
      const { w } = writer({
        flushRows: 100,
        write: store.write,
        onRefused: (refused) => refusedRows.push(refused),
        onFailure: (error) => failures.push(error),
      });
      await w.add(rows(100));
      const expected = Array.from({ length: 100 }, (_, i) => `e${i}`).filter((id) => id !== 'e37');
      expect(ids(store.stored('purchases')).sort()).toEqual(expected.sort());
      expect(store.stored('dead_letters')).toEqual([{ source_offset: 'm37', reason: 'store_refused#1' }]);
      expect(refusedRows).toMatchObject([
        { table: 'purchases', source: 'm37', row: { event_id: 'e37' }, attempt: 1, error: { code: 25 } },
      ]);
      // Halving: two inserts per level of a 100-row batch (7 levels), plus the first and the dead letter.
      expect(store.inserts).toBeLessThanOrEqual(2 * 7 + 2);
      // A refusal is the message's fault: no outage, no pause.
      expect(failures).toEqual([]);
      expect(w.written).toBe(99 + 1);
    });

    it('sets aside several refused rows, first, last and side by side, in their order', async () => {
      const bad = new Set(['e0', 'e5', 'e6', 'e99']);
      const store = refusingStore((_, row) => bad.has(String(row.event_id)));
      const { w } = writer({ flushRows: 100, write: store.write });
      await w.add(rows(100));
      expect(store.stored('purchases')).toHaveLength(96);
      expect(new Set(ids(store.stored('purchases'))).size).toBe(96);
      expect(ids(store.stored('dead_letters'), 'source_offset')).toEqual(['m0', 'm5', 'm6', 'm99']);
    });

    it('keeps the rows of other tables of the same message', async () => {
      const store = refusingStore((table) => table === 'purchases');
      const { w } = writer({ flushMs: 1, write: store.write });
      await w.add([
        {
          source: 'm0',
          rows: {
            purchases: [{ event_id: 'e0' } as PurchaseRow],
            purchase_lines: [0, 1].map((line_no) => ({ event_id: 'e0', line_no }) as PurchaseLineRow),
          },
        },
      ]);
      expect(store.stored('purchase_lines')).toHaveLength(2);
      expect(store.stored('dead_letters')).toEqual([{ source_offset: 'm0', reason: 'store_refused#1' }]);
    });

    it('replaces a refused stand-in by a safer one, and fails for good when none is left', async () => {
      // ClickHouse refuses e1 and the first dead letter of it; the second one it takes.
      const store = refusingStore(
        (table, row) =>
          row.event_id === 'e1' || (table === 'dead_letters' && row.reason === 'store_refused#1'),
      );
      const { w } = writer({ flushRows: 3, write: store.write });
      await w.add(rows(3));
      expect(store.stored('dead_letters')).toEqual([{ source_offset: 'm1', reason: 'store_refused#2' }]);

      // Now nothing can stand in for e4: the batch fails, not retriable, and nothing loops.
      const attempts: number[] = [];
      const nothing = refusingStore((_, row) => row.event_id === 'e4' || row.reason !== undefined);
      const { w: stuck } = writer({
        flushRows: 3,
        write: nothing.write,
        deadLetterFor: (refused) => {
          attempts.push(refused.attempt);
          return refused.attempt < 3 ? letterFor(refused) : undefined;
        },
      });
      const failed = stuck.add(rows(3, 3));
      await expect(failed).rejects.toBeInstanceOf(RefusedRowNotStoredError);
      expect(isRetriable(await failed.catch((e: unknown) => e))).toBe(false);
      expect(attempts).toEqual([1, 2, 3]);
      expect(ids(nothing.stored('purchases'))).toEqual(['e3', 'e5']);
    });

    it('keeps the progress of the halving across an outage', async () => {
      const store = refusingStore((_, row) => row.event_id === 'e10');
      let outages = 0;
      // The server goes away once, at the fourth insert: halves already stored stay stored.
      store.failWith(() => {
        if (store.inserts === 4 && outages++ === 0) throw new LoyaltyError('down', { retriable: true });
      });
      const events: string[] = [];
      const { w } = writer({
        flushRows: 16,
        write: store.write,
        onFailure: () => events.push('failure'),
        onRecovery: () => events.push('recovery'),
      });
      await w.add(rows(16));
      expect(events).toEqual(['failure', 'recovery']);
      const stored = ids(store.stored('purchases'));
      expect(stored).toHaveLength(15);
      expect(new Set(stored).size).toBe(15);
      expect(ids(store.stored('dead_letters'), 'source_offset')).toEqual(['m10']);
    });

    it('fails the batch on any other error retrying cannot fix (a bug or a misconfiguration)', async () => {
      const unknownTable = new LoyaltyError(
        "ClickHouse insert into purchases failed: Code: 60, Table doesn't exist",
        {
          retriable: false,
        },
      );
      const { w } = writer({
        flushMs: 1,
        write: async () => {
          throw unknownTable;
        },
      });
      await expect(w.add(rows(4))).rejects.toBe(unknownTable);
    });
  });
});
