import type { PurchaseRow, TableName, TableRows } from '@loyalty/clickhouse';
import { createLogger, LoyaltyError } from '@loyalty/runtime';
import { describe, expect, it, vi } from 'vitest';
import { BatchWriter, type BatchWriterOptions, WriterAbortedError } from './batch-writer.js';

// The writer's logic against an in-memory table store; the real inserts are exercised by
// the integration tests in test/.

const log = createLogger('batch-writer-test', 'silent');

function rows(n: number, from = 0): TableRows {
  return {
    purchases: Array.from({ length: n }, (_, i) => ({ event_id: `e${from + i}` }) as PurchaseRow),
  };
}

function writer(overrides: Partial<BatchWriterOptions> = {}) {
  const inserts: { table: TableName; count: number }[] = [];
  const w = new BatchWriter({
    flushRows: 10,
    flushMs: 50,
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    log,
    write: async (table, list) => {
      inserts.push({ table, count: list.length });
    },
    ...overrides,
  });
  return { w, inserts };
}

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
    await w.add({ ...rows(1), complaints: [{ event_id: 'c' } as never] });
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
});
