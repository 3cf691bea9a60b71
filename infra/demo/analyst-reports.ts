// A taste of what analysts get from the history in ClickHouse: the 80/20 revenue split,
// RFM segments, basket pairs, the win-back experiments, the service-recovery verdicts, the share
// of wallet and the value pyramid against the service tiers (the reports of `loyalty report`), and the CLV model fitted with a hold-out
// to check it on (`loyalty model fit`, the dashboard's model page).
import {
  basketReport,
  calibrationData,
  fitClvFromHistory,
  type PyramidLevelRow,
  type PyramidShares,
  paretoReport,
  type ReportContext,
  recordModelFit,
  rfmReport,
  type ShareOfWalletRow,
  serviceRecoveryReport,
  shareOfWalletReport,
  type UpliftRow,
  type ValuePyramid,
  valuePyramidAndMismatches,
  type WalletCoverage,
  type WalletRules,
  winBackUpliftReport,
} from '@loyalty/clickhouse';
import { calibrationPlots, holdoutTotals } from '@loyalty/core';
import { LoyaltyError } from '@loyalty/runtime';

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
  /** All the win-back experiments' units: buying within 90 days, treated against control. */
  readonly winBack: {
    readonly treated: number;
    readonly control: number;
    readonly treatedConversion: number | null;
    readonly controlConversion: number | null;
    readonly upliftInterval: { readonly low: number; readonly high: number } | null;
  };
  /** What each window says of the service-recovery paradox, with the complaints resolved 4-5. */
  readonly serviceRecovery: readonly {
    readonly windowDays: number;
    readonly complaints: number;
    readonly retention: number | null;
    readonly matchedRetention: number | null;
    readonly verdict: string;
  }[];
  /** Share of wallet at the end: all customers with an estimate, then each band; who has an estimate. */
  readonly shareOfWallet: {
    readonly windowDays: number;
    readonly rows: readonly ShareOfWalletRow[];
    readonly coverage: WalletCoverage;
  };
  /** The value pyramid by exact rank at the end, against the service tiers. */
  readonly valuePyramid: {
    readonly measure: ValuePyramid['measure'];
    readonly levels: readonly PyramidLevelRow[];
    /** Customers whose level differs from their tier: worth more than it says, and less. */
    readonly underServed: number;
    readonly overServed: number;
    /** Of the under-served, those platinum or gold by rank and lead by thresholds. */
    readonly topButLead: number;
  };
  /** The CLV model on the history to the cut-off, checked on the weeks after it. */
  readonly clvModel:
    | {
        readonly fitted: true;
        readonly cutoff: string;
        readonly bgnbd: {
          readonly r: number;
          readonly alpha: number;
          readonly a: number;
          readonly b: number;
        };
        readonly holdoutWeeks: number;
        readonly predictedRepeats: number;
        readonly actualRepeats: number;
      }
    | { readonly fitted: false; readonly reason: string };
}

const BASKET_PAIRS = 5;

/** The weeks at the end of the history the model is not fitted on, to compare its forecast with. */
export const HOLDOUT_WEEKS = 13;
const DAY_MS = 86_400_000;

/**
 * Runs the pareto, RFM and basket reports over the whole history, the share of wallet and the
 * value pyramid as of `endMs` under the aggregator's rules, and fits the CLV model on the history to
 * HOLDOUT_WEEKS before `endMs`, recording the fit in model_fits.
 */
export async function runAnalystReports(
  context: ReportContext,
  endMs: number,
  walletRules: WalletRules,
  pyramidShares: PyramidShares,
): Promise<AnalystReports> {
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
    winBack: winBackSummary((await winBackUpliftReport(context, {}))[0]),
    serviceRecovery: (await serviceRecoveryReport(context, {})).flatMap((row) =>
      row.verdict === null
        ? []
        : [
            {
              windowDays: row.windowDays,
              complaints: row.complaints,
              retention: row.retention,
              matchedRetention: row.controlRetention,
              verdict: row.verdict,
            },
          ],
    ),
    shareOfWallet: await walletSummary(context, endMs, walletRules),
    // Before the model is fitted: the pyramid ranks by the CLVs the pipeline announced, if any.
    valuePyramid: await pyramidSummary(context, endMs, pyramidShares),
    clvModel: await fitWithHoldout(context, endMs),
  };
}

async function walletSummary(
  context: ReportContext,
  endMs: number,
  rules: WalletRules,
): Promise<AnalystReports['shareOfWallet']> {
  const report = await shareOfWalletReport(context, { toMs: endMs }, rules);
  return {
    windowDays: rules.windowDays,
    rows: report.rows.filter((row) => row.breakdown !== 'tier'),
    coverage: report.coverage,
  };
}

async function pyramidSummary(
  context: ReportContext,
  endMs: number,
  shares: PyramidShares,
): Promise<AnalystReports['valuePyramid']> {
  const { pyramid, mismatches: customers } = await valuePyramidAndMismatches(
    context,
    { toMs: endMs },
    shares,
  );
  return {
    measure: pyramid.measure,
    levels: pyramid.levels,
    underServed: customers.filter((c) => c.gap > 0).length,
    overServed: customers.filter((c) => c.gap < 0).length,
    topButLead: customers.filter((c) => c.tier === 'lead' && (c.level === 'platinum' || c.level === 'gold'))
      .length,
  };
}

function winBackSummary(all: UpliftRow | undefined): AnalystReports['winBack'] {
  return {
    treated: all?.treated ?? 0,
    control: all?.control ?? 0,
    treatedConversion: all?.treatedConversion ?? null,
    controlConversion: all?.controlConversion ?? null,
    upliftInterval: all?.conversionUpliftInterval ?? null,
  };
}

/**
 * Fits the CLV model on the history to HOLDOUT_WEEKS before `endMs`, records the fit in
 * model_fits, and checks it on the weeks after; a history too short to fit on is a finding.
 */
export async function fitWithHoldout(
  context: ReportContext,
  endMs: number,
): Promise<AnalystReports['clvModel']> {
  const cutoff = new Date(endMs - HOLDOUT_WEEKS * 7 * DAY_MS).toISOString().slice(0, 10);
  const fittedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  try {
    const fit = await fitClvFromHistory(context.client, cutoff, fittedAt);
    await recordModelFit(context.client, fit);
    const totals = holdoutTotals(calibrationPlots(fit.bgnbd, await calibrationData(context, cutoff)));
    return {
      fitted: true,
      cutoff,
      bgnbd: fit.bgnbd,
      holdoutWeeks: totals?.weeks ?? 0,
      predictedRepeats: totals?.predicted ?? 0,
      actualRepeats: totals?.actual ?? 0,
    };
  } catch (error) {
    // A history too short to fit on (a run of a month or two) is a finding, not a failure.
    if (!(error instanceof LoyaltyError)) throw error;
    return { fitted: false, reason: error.message };
  }
}
