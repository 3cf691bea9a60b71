import {
  churnReport,
  deadLettersReport,
  type ReportContext,
  type TierPyramidRow,
  type TimeRange,
  tierPyramidReport,
} from '@loyalty/clickhouse';

/** What the overview page shows, for one time range. */
export interface Overview {
  /** Top tier first. */
  readonly pyramid: readonly TierPyramidRow[];
  /** Customers per churn-risk level at the end of the range's last month. */
  readonly churn: {
    readonly month: string | null;
    readonly levels: readonly { level: string; customers: number }[];
  };
  /** Dead letters in the range by reason, most first. */
  readonly deadLetters: readonly { reason: string; messages: number }[];
}

/** Reads the overview's figures from the history. */
export async function overview(context: ReportContext, range: TimeRange): Promise<Overview> {
  const [pyramid, churn, deadLetters] = await Promise.all([
    tierPyramidReport(context, range),
    churnReport(context, range),
    deadLettersReport(context, range),
  ]);
  const month = churn.at(-1)?.month ?? null;
  const levels = churn
    .filter((row) => row.month === month && row.driver === null)
    .map((row) => ({ level: row.level, customers: row.customers }));
  const reasons = new Map<string, number>();
  for (const row of deadLetters) reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + row.messages);
  return {
    pyramid,
    churn: { month, levels },
    deadLetters: [...reasons]
      .map(([reason, messages]) => ({ reason, messages }))
      .sort((a, b) => b.messages - a.messages),
  };
}
