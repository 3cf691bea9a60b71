// The CLV calibration query and the model-fit history against a fresh database on the local
// ClickHouse (18.16): the query must agree with the pure rfmSummary of packages/core.
import { type ClvModelRecord, rfmSummary } from '@loyalty/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calibrationData,
  clvCalibration,
  insertRows,
  migrate,
  modelFitHistory,
  modelFitRow,
  type PurchaseRow,
  recordModelFit,
  reportContext,
  selectRows,
  TABLES,
} from '../src/index.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';

const DAY_MS = 86_400_000;

function purchase(
  eventId: string,
  customer: string,
  at: string,
  totalMinor: number,
  kind: 'sale' | 'return' = 'sale',
): PurchaseRow {
  return {
    event_id: eventId,
    customer_id: customer,
    occurred_at: at,
    source: 'test',
    order_id: `o-${eventId}`,
    kind,
    return_of_order_id: kind === 'return' ? 'o-a1' : null,
    channel: 'pos',
    store_id: null,
    currency: 'EUR',
    total_minor: totalMinor,
    discount_minor: 0,
    net_minor: kind === 'sale' ? totalMinor : -totalMinor,
    line_count: 1,
  };
}

const ROWS = [
  // a: two sales on the first day (one transaction), a sale delivered twice, a return (not a
  // purchase), a sale at the last second of a day, one on the cut-off day, one the day after.
  purchase('a1', 'a', '1997-01-01 10:00:00', 1_000),
  purchase('a2', 'a', '1997-01-01 18:00:00', 500),
  purchase('a3', 'a', '1997-01-15 09:00:00', 2_000),
  purchase('a3', 'a', '1997-01-15 09:00:00', 2_000),
  purchase('a4', 'a', '1997-01-20 12:00:00', 1_000, 'return'),
  purchase('a5', 'a', '1997-02-05 23:59:59', 3_000),
  purchase('a6', 'a', '1997-09-30 23:00:00', 400),
  purchase('a7', 'a', '1997-10-01 00:00:00', 9_999),
  // b: one sale; c: first sale after the cut-off; d: a return only.
  purchase('b1', 'b', '1997-03-01 12:00:00', 2_500),
  purchase('c1', 'c', '1997-10-02 12:00:00', 700),
  purchase('d1', 'd', '1997-03-01 12:00:00', 300, 'return'),
];

const RECORD: ClvModelRecord = {
  bgnbd: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 },
  gammaGamma: { p: 6.2488, q: 3.7442, gamma: 15.4428 },
  fittedAt: '2024-05-01T03:00:07.000Z',
  cutoff: '1997-09-30',
  sampleSize: 2357,
  logLikelihood: -9582.43,
  repeatSampleSize: 946,
  gammaGammaLogLikelihood: -4055.92,
};

describe('CLV calibration and model fits', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase('clv');
    await migrate(db.client);
    await insertRows(db.client, TABLES.purchases, ROWS);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('summarises deduplicated sales per customer as rfmSummary does, up to the end of the cut-off day', async () => {
    const rows = await clvCalibration(db.client, '1997-09-30');
    expect(rows.map((row) => row.customerId)).toEqual(['a', 'b']);
    expect(rows[0]).toEqual({ customerId: 'a', x: 3, tx: 272 / 7, T: 272 / 7, meanRepeatSpendMinor: 1_800 });
    expect(rows[1]).toEqual({ customerId: 'b', x: 0, tx: 0, T: 213 / 7, meanRepeatSpendMinor: 0 });

    const cutoffDay = Date.parse('1997-09-30T00:00:00Z') / DAY_MS;
    const sales = [...new Map(ROWS.map((row) => [row.event_id, row])).values()].filter(
      (row) => row.kind === 'sale',
    );
    for (const row of rows) {
      const purchases = sales
        .filter((sale) => sale.customer_id === row.customerId)
        .map((sale) => ({
          day: Math.floor(Date.parse(`${sale.occurred_at.replace(' ', 'T')}Z`) / DAY_MS),
          value: sale.total_minor,
        }));
      const summary = rfmSummary(purchases, cutoffDay);
      expect(summary).toEqual({ x: row.x, tx: row.tx, T: row.T, mx: row.meanRepeatSpendMinor });
    }
  });

  it('moves with the cut-off, and rejects a day that does not exist', async () => {
    const rows = await clvCalibration(db.client, '1997-10-01');
    expect(rows.find((row) => row.customerId === 'a')).toMatchObject({ x: 4, T: 273 / 7 });
    expect(await clvCalibration(db.client, '1996-12-31')).toEqual([]);
    await expect(clvCalibration(db.client, '1997-02-30')).rejects.toThrow(RangeError);
  });

  it('records one row per fit, to the second', async () => {
    await recordModelFit(db.client, RECORD);
    await recordModelFit(db.client, RECORD);
    const columns = Object.keys(modelFitRow(RECORD)).join(', ');
    const rows = await selectRows<Record<string, unknown>>(
      db.client,
      `SELECT ${columns} FROM ${TABLES.modelFits} FINAL`,
    );
    expect(rows).toEqual([{ ...modelFitRow(RECORD), fitted_at: '2024-05-01 03:00:07' }]);
  });

  it('reads the fits back, the latest first, each copy once', async () => {
    const later = { ...RECORD, fittedAt: '2024-06-01T00:00:00.000Z', cutoff: '1997-10-01' };
    await recordModelFit(db.client, later);
    expect(await modelFitHistory(await reportContext(db.client))).toEqual([later, RECORD]);
  });

  it("gives the calibration plots' data: customers by summary and hold-out, and repeats by day", async () => {
    const day = (text: string) => Date.parse(`${text}T00:00:00Z`) / DAY_MS;
    const context = await reportContext(db.client);
    // The hold-out runs to the last sale (c1, 1997-10-02); c first bought after the cut-off.
    const toLastSale = await calibrationData(context, '1997-09-30');
    expect(toLastSale.cutoffDay).toBe(day('1997-09-30'));
    expect(toLastSale.lastDay).toBe(day('1997-10-02'));
    expect([...toLastSale.groups].sort((p, q) => p.firstDay - q.firstDay)).toEqual([
      { customers: 1, firstDay: day('1997-01-01'), x: 3, lastDay: day('1997-09-30'), holdout: 1 },
      { customers: 1, firstDay: day('1997-03-01'), x: 0, lastDay: day('1997-03-01'), holdout: 0 },
    ]);
    expect(new Map([...toLastSale.repeatsByDay].sort(([p], [q]) => p - q))).toEqual(
      new Map([
        [day('1997-01-15'), 1],
        [day('1997-02-05'), 1],
        [day('1997-09-30'), 1],
        [day('1997-10-01'), 1],
      ]),
    );
    // A hold-out ending on the cut-off day is none: the sale of 1997-10-01 is left out.
    const none = await calibrationData(context, '1997-09-30', '1997-09-30');
    expect(none.lastDay).toBe(none.cutoffDay);
    expect(none.groups.find((g) => g.x === 3)?.holdout).toBe(0);
    expect(none.repeatsByDay.has(day('1997-10-01'))).toBe(false);
  });
});
