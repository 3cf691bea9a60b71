/**
 * The CDNOW sample of Fader, Hardie & Lee (2005), read for the tests (the models' code is pure):
 * 2,357 customers who first bought in 1997 Q1, calibration to 1997-09-30 inclusive, then a
 * 39-week hold-out to 1998-06-30.
 */
import { readFileSync } from 'node:fs';
import type { DayPurchase } from '../rfm-summary.js';

const DATA_FILE = process.env.CDNOW_SAMPLE ?? '/work/shared/data/cdnow/CDNOW_sample.txt';

/** YYYYMMDD as whole UTC days since the epoch. */
export function dayOf(yyyymmdd: string): number {
  return (
    Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) /
    86_400_000
  );
}

export interface CdnowSample {
  /** Each customer's purchases (day, dollars), by sample customer id. */
  readonly customers: ReadonlyMap<string, readonly DayPurchase[]>;
  readonly cutoffDay: number;
  readonly holdoutLastDay: number;
}

/** The whitespace-separated file: master id, sample id, date, CDs, dollars. */
export function readCdnow(path = DATA_FILE): CdnowSample {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the CDNOW sample at ${path}; set CDNOW_SAMPLE to its path`, {
      cause: error,
    });
  }
  const customers = new Map<string, DayPurchase[]>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 5) continue;
    const [, id = '', date = '', , dollars = ''] = fields;
    const purchases = customers.get(id) ?? [];
    purchases.push({ day: dayOf(date), value: Number(dollars) });
    customers.set(id, purchases);
  }
  const cutoffDay = dayOf('19970930');
  return { customers, cutoffDay, holdoutLastDay: cutoffDay + 39 * 7 };
}
