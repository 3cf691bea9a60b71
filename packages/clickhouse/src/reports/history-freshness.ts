import { TABLES } from '../tables.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';

/** How far the history has come: its latest input event, and the latest row the sink wrote. */
export interface HistoryFreshness {
  /** The latest event time among the input tables (INPUT_TABLES), epoch ms. */
  readonly latestEventMs: number | undefined;
  /** The latest time a row reached an input, output or dead-letter table (epoch ms). */
  readonly latestWriteMs: number | undefined;
}

const INPUT_TABLES = [TABLES.purchases, TABLES.complaints, TABLES.campaignResponses, TABLES.walletEstimates];
const WRITTEN_TABLES = [
  ...INPUT_TABLES,
  TABLES.tierChanges,
  TABLES.stageChanges,
  TABLES.churnSignals,
  TABLES.walletShareChanges,
  TABLES.pyramidLevelChanges,
  TABLES.deadLetters,
];

/** Reads the history's freshness; an empty history has neither time. */
export async function historyFreshness(context: ReportContext): Promise<HistoryFreshness> {
  // max() of an empty table is 1970-01-01 00:00:00, i.e. 0: no time at all.
  const latest = (column: string, tables: readonly string[]) =>
    `(SELECT max(at) FROM (${tables.map((t) => `SELECT max(${column}) AS at FROM ${t}`).join(' UNION ALL ')}))`;
  const [row] = await reportRows<{ event: JsonInteger; written: JsonInteger }>(
    context,
    `SELECT toUInt32(${latest('occurred_at', INPUT_TABLES)}) AS event,
            toUInt32(${latest('ingested_at', WRITTEN_TABLES)}) AS written`,
  );
  const ms = (seconds: JsonInteger | undefined) => {
    const n = seconds === undefined ? 0 : toSafeInteger(seconds);
    return n === 0 ? undefined : n * 1000;
  };
  return { latestEventMs: ms(row?.event), latestWriteMs: ms(row?.written) };
}
