import { calibrationData, modelFitHistory, type ReportContext } from '@loyalty/clickhouse';
import { type CalibrationPlots, type ClvModelRecord, calibrationPlots, holdoutTotals } from '@loyalty/core';
import type { ChartSpec } from './charts.js';
import { escapeHtml, table } from './layout.js';

const DAY_MS = 86_400_000;
const day = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const figure = (n: number) => Number(n.toPrecision(4)).toLocaleString('en');
const rounded = (n: number) => Math.round(n * 100) / 100;

const FIT_COLUMNS = ['fitted at', 'cut-off', 'customers', 'r', 'alpha', 'a', 'b', 'log-likelihood'];
const SPEND_COLUMNS = ['fitted at', 'repeat customers', 'p', 'q', 'gamma', 'log-likelihood'];

/**
 * The model page: the latest fit's parameters and its calibration plots over the hold-out that
 * followed its cut-off, to `lastDay` (the range's end; by default the last sale), then the
 * earlier fits.
 */
export async function modelPage(
  context: ReportContext,
  lastDay: string | undefined,
): Promise<{ charts: ChartSpec[]; lead: string; body: string }> {
  const fits = await modelFitHistory(context);
  const latest = fits[0];
  if (latest === undefined) {
    return {
      charts: [],
      lead: 'No CLV model has been fitted on this history yet.',
      body: `<section class="wide"><p>Fit one with <code>loyalty model fit --cutoff YYYY-MM-DD</code>, leaving the weeks after the cut-off as a hold-out to check it on.</p></section>`,
    };
  }
  const plots = calibrationPlots(latest.bgnbd, await calibrationData(context, latest.cutoff, lastDay));
  return { charts: calibrationCharts(plots), lead: lead(latest, plots), body: fitTables(fits) };
}

function lead(fit: ClvModelRecord, plots: CalibrationPlots): string {
  const fitted = `BG/NBD and Gamma-Gamma fitted at ${fit.fittedAt.slice(0, 19).replace('T', ' ')} UTC on the history to ${fit.cutoff}.`;
  const holdout = holdoutTotals(plots);
  const end = plots.tracking.at(-1);
  if (holdout === undefined || end === undefined) {
    return `${fitted} No purchases after the cut-off yet: the hold-out plots need some.`;
  }
  return (
    `${fitted} Hold-out: ${figure(holdout.weeks)} weeks to ${day(end.lastDay)}, ` +
    `${figure(holdout.predicted)} repeat transactions predicted, ${holdout.actual.toLocaleString('en')} made.`
  );
}

function calibrationCharts(plots: CalibrationPlots): ChartSpec[] {
  const charts: ChartSpec[] = [
    {
      kind: 'line',
      id: 'tracking',
      title: 'Cumulative repeat transactions, actual and predicted by BG/NBD, week by week',
      xName: 'week',
      yName: 'repeat transactions',
      xs: plots.tracking.map((w) => String(w.week)),
      series: [
        { name: 'actual', values: plots.tracking.map((w) => w.actual) },
        { name: 'BG/NBD', values: plots.tracking.map((w) => rounded(w.predicted)) },
      ],
      marker: { x: String(plots.cutoffWeek), label: 'end of calibration' },
    },
  ];
  if (plots.conditional.length > 0) {
    charts.push({
      kind: 'line',
      id: 'conditional',
      title: `Hold-out transactions per customer by calibration repeat transactions (${figure(plots.holdoutWeeks)} weeks)`,
      xName: 'repeat transactions in calibration',
      yName: 'hold-out transactions per customer',
      xs: plots.conditional.map((row) => row.x),
      series: [
        { name: 'actual', values: plots.conditional.map((row) => rounded(row.actual)) },
        { name: 'BG/NBD', values: plots.conditional.map((row) => rounded(row.predicted)) },
      ],
    });
  }
  return charts;
}

function fitTables(fits: readonly ClvModelRecord[]): string {
  const at = (fit: ClvModelRecord) => fit.fittedAt.slice(0, 19).replace('T', ' ');
  return `<section class="wide">
${table(
  'BG/NBD fits (purchase frequency and dropout; time in weeks), the latest first',
  FIT_COLUMNS,
  fits.map((fit) => [
    at(fit),
    fit.cutoff,
    fit.sampleSize.toLocaleString('en'),
    figure(fit.bgnbd.r),
    figure(fit.bgnbd.alpha),
    figure(fit.bgnbd.a),
    figure(fit.bgnbd.b),
    figure(fit.logLikelihood),
  ]),
)}
${table(
  'Gamma-Gamma fits (spend per transaction, major currency units)',
  SPEND_COLUMNS,
  fits.map((fit) => [
    at(fit),
    fit.repeatSampleSize.toLocaleString('en'),
    figure(fit.gammaGamma.p),
    figure(fit.gammaGamma.q),
    figure(fit.gammaGamma.gamma),
    figure(fit.gammaGammaLogLikelihood),
  ]),
)}
<p>${escapeHtml('The plots follow Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", figures 2 and 4. Customers with 7 or more repeat transactions are pooled as 7+.')}</p>
</section>`;
}
