// A taste of what analysts get from the history in ClickHouse: the 80/20 revenue split,
// RFM segments and basket pairs (the reports of `loyalty report`).
import { basketReport, paretoReport, type ReportContext, rfmReport } from '@loyalty/clickhouse';

export interface AnalystReports {
  readonly pareto: {
    readonly customers: number;
    /** Share of net revenue from the top 20% of customers. */
    readonly top20Share: number | null;
    readonly curve: readonly { readonly topPercent: number; readonly share: number | null }[];
  };
  /** Customers with a sale, by RFM segment, largest first. */
  readonly rfmSegments: readonly { readonly segment: string; readonly customers: number }[];
  /** Category pairs bought together, by lift. */
  readonly basketPairs: readonly {
    readonly antecedent: string;
    readonly consequent: string;
    readonly orders: number;
    readonly confidence: number;
    readonly lift: number;
  }[];
}

const BASKET_PAIRS = 5;

/** Runs the pareto, RFM and basket reports over the whole history. */
export async function runAnalystReports(context: ReportContext): Promise<AnalystReports> {
  const pareto = await paretoReport(context, {});
  const segments = new Map<string, number>();
  for (const row of await rfmReport(context, {}))
    segments.set(row.segment, (segments.get(row.segment) ?? 0) + 1);
  const rules = await basketReport(context, {});
  return {
    pareto: {
      customers: pareto.customers,
      top20Share: pareto.top20Share,
      curve: pareto.curve.map((point) => ({ topPercent: point.percent, share: point.share })),
    },
    rfmSegments: [...segments]
      .map(([segment, customers]) => ({ segment, customers }))
      .sort((a, b) => b.customers - a.customers || a.segment.localeCompare(b.segment)),
    basketPairs: rules.slice(0, BASKET_PAIRS).map((rule) => ({
      antecedent: rule.antecedent,
      consequent: rule.consequent,
      orders: rule.orders,
      confidence: rule.confidence,
      lift: rule.lift,
    })),
  };
}
