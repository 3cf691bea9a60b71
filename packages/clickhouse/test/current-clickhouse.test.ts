// The SQL users run on the releases they deploy: every migration, report and the erasure's
// mutations on a current ClickHouse (chDB, an embedded 26.x engine), with each report's
// results and the erasure's outcome compared to the local 18.16 server's on the same data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedMigrations,
  calibrationData,
  customerTimeline,
  dayRange,
  eraseCustomerRows,
  migrate,
  modelFitHistory,
  REPORTS,
  type ReportContext,
  recordModelFit,
  reportContext,
  selectRows,
  TABLES,
} from '../src/index.js';
import { type CurrentClickHouse, currentClickHouse } from './chdb-client.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';
import { insertFixture } from './report-fixture.js';

const RANGES = [dayRange('2026-01-01', '2026-03-31'), dayRange('2026-02-01', '2026-02-28')];

let current: CurrentClickHouse;
let old: FreshDatabase;
let contexts: { current: ReportContext; old: ReportContext };
let migrated: { current: number; old: number };

beforeAll(async () => {
  current = await currentClickHouse('loyalty_current');
  old = await freshDatabase('current_vs');
  migrated = { current: (await migrate(current.client)).length, old: (await migrate(old.client)).length };
  await insertFixture(current.client);
  await insertFixture(old.client);
  contexts = { current: await reportContext(current.client), old: await reportContext(old.client) };
}, 120_000);

afterAll(async () => {
  await current?.close();
  await old?.drop();
});

/** Rows per table (FINAL: as the reports read them). */
async function rowCounts(context: ReportContext): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of Object.values(TABLES)) {
    const [row] = await selectRows<{ n: string }>(context.client, `SELECT count() AS n FROM ${table} FINAL`);
    result[table] = Number(row?.n);
  }
  return result;
}

describe('a current ClickHouse (chDB)', () => {
  it('is a current release, and takes every migration 18.16 takes', async () => {
    expect(Number(current.version.split('.')[0])).toBeGreaterThanOrEqual(25);
    expect(migrated.current).toBe(migrated.old);
    const names = async (context: ReportContext) =>
      (await appliedMigrations(context.client)).map((m) => m.name);
    expect(await names(contexts.current)).toEqual(await names(contexts.old));
  });

  it('gives every report the same results as 18.16 on the same data', async () => {
    // The current engine ranks RFM quintiles in SQL (window functions); 18.16 in TypeScript.
    expect([contexts.current.windowFunctions, contexts.old.windowFunctions]).toEqual([true, false]);
    for (const [i, range] of RANGES.entries()) {
      for (const [name, report] of Object.entries(REPORTS)) {
        const [now, then] = [
          await report.run(contexts.current, range),
          await report.run(contexts.old, range),
        ];
        expect(now, `${name}, range ${i}`).toEqual(then);
      }
    }
  });

  it("tells a customer's story as 18.16 does", async () => {
    for (const customer of ['c1', 'c2', 'c4']) {
      const story = await customerTimeline(contexts.current, customer);
      expect(story.length, customer).toBeGreaterThan(0);
      expect(story, customer).toEqual(await customerTimeline(contexts.old, customer));
    }
  });

  it("reads the model's fits and its calibration data as 18.16 does", async () => {
    const fit = {
      bgnbd: { r: 0.25, alpha: 4.5, a: 0.8, b: 2.5 },
      gammaGamma: { p: 6, q: 3.5, gamma: 15 },
      fittedAt: '2026-02-16T08:00:00.000Z',
      cutoff: '2026-02-15',
      sampleSize: 4,
      logLikelihood: -20.5,
      repeatSampleSize: 2,
      gammaGammaLogLikelihood: -10.25,
    };
    await recordModelFit(current.client, fit);
    await recordModelFit(old.client, fit);
    expect(await modelFitHistory(contexts.current)).toEqual([fit]);
    expect(await modelFitHistory(contexts.old)).toEqual([fit]);
    const sorted = (data: Awaited<ReturnType<typeof calibrationData>>) => ({
      ...data,
      groups: [...data.groups].sort((p, q) => p.firstDay - q.firstDay || p.x - q.x || p.holdout - q.holdout),
      repeatsByDay: [...data.repeatsByDay].sort(([p], [q]) => p - q),
    });
    const now = sorted(await calibrationData(contexts.current, '2026-02-15'));
    expect(now.groups.length).toBeGreaterThan(0);
    expect(now.repeatsByDay.length).toBeGreaterThan(0);
    expect(now).toEqual(sorted(await calibrationData(contexts.old, '2026-02-15')));
  });

  it("erases a customer's rows with the same mutations, leaving the same rows as 18.16", async () => {
    const subject = 'e'.repeat(64);
    const [now, then] = [
      await eraseCustomerRows(current.client, 'c2', subject),
      await eraseCustomerRows(old.client, 'c2', subject),
    ];
    expect(now).toEqual(then);
    expect(now.rowsRemaining).toBe(0);
    expect(now.tables.reduce((sum, table) => sum + table.rowsDeleted, 0)).toBeGreaterThan(0);
    expect(await rowCounts(contexts.current)).toEqual(await rowCounts(contexts.old));
  });
});
