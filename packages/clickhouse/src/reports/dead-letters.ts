import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** Rejected messages of one day, reason and source topic. */
export interface DeadLetterRow {
  /** YYYY-MM-DD (UTC) of the rejection. */
  readonly day: string;
  readonly reason: string;
  readonly sourceTopic: string;
  readonly messages: number;
}

/** Dead letters by day of rejection, reason and source topic; the range applies to the rejection time. */
export async function deadLettersReport(context: ReportContext, range: TimeRange): Promise<DeadLetterRow[]> {
  const rows = await reportRows<{ day: string; reason: string; source_topic: string; messages: JsonInteger }>(
    context,
    `SELECT toString(toDate(rejected_at)) AS day, reason, source_topic, count() AS messages
     FROM dead_letters FINAL
     WHERE ${rangeCondition('rejected_at', range)}
     GROUP BY day, reason, source_topic
     ORDER BY day, reason, source_topic`,
  );
  return rows.map((row) => ({
    day: row.day,
    reason: row.reason,
    sourceTopic: row.source_topic,
    messages: toSafeInteger(row.messages),
  }));
}
