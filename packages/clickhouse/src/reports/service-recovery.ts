// The service-recovery paradox (McCollough, Berry & Yadav 2000): does a complaint resolved
// well leave a customer more loyal than one who never complained? Tested on the history as
// retention (a sale within 90 or 180 days) and spend after a complaint, against comparable
// sales without one.
//
// - A complaint is its events under one (customer_id, complaint_id). It opens with its first
//   event and is anchored on that UTC day d; its window is the days d+1 .. d+w, so that the
//   order complained about (bought before the complaint, often the same day) never counts as
//   coming back. Retention = a sale in the window. Spend = the net of the orders placed in
//   the window (their sales less their returns made by its end), minor units: the return of
//   an order bought before, often the one complained about, is not spend after the complaint
//   (counted, it made a third of the 90-day gap between complaints and comparison sales on
//   the demo history).
// - Outcome: the complaint's last status by the end of the range. Resolved with satisfaction
//   4-5 or 1-3 (the score of its last resolution; the contract requires one on every
//   resolution), or open (opened, escalated or reopened last). It is judged at the end, so a
//   complaint resolved after its window still counts as resolved.
// - Time to resolution: first resolution less opening, within 1 day (24 h included), 1-7 days
//   (up to 168 h), over 7 days, or never resolved.
// - Comparison: every sale day of a customer who had not complained by then, anchored on that
//   day, with the same windows. Complaints come with orders, so they sample customers per
//   order: frequent buyers, just after buying. Customers anchored on the first day of each
//   month (one per customer and month) are a different population: on the demo history every
//   outcome, open complaints included, came out 9-10 points above them at 90 days, which is
//   selection, not recovery; sale days as anchors sample the same way complaints do, and put
//   all complaints together level with them (0.798 against 0.799). "Had not complained by
//   then" rather than "never complained": a customer who will complain later must buy to do
//   so, and leaving them out would drain the comparison of buyers.
// - Matching: strata of anchor month, tier at the anchor (last announced change that occurred
//   by the end of the anchor day, as the churn report reads levels; none before the first)
//   and recency at the anchor (days since the last sale by the end of that day: 0-30, 31-90,
//   91-180, 181+, never). Expected retention and spend = each stratum's comparison mean,
//   weighted by the complaints in it (direct standardisation). A complaint in a stratum
//   without comparison sales is counted as unmatched and left out of every figure but that
//   count: a comparison sale is its own last sale (recency 0-30), so these are complaints
//   made over 30 days after the customer's last sale, or before any.
// - Censoring: a window counts only if its last day d+w is before the day of the last
//   purchase read (up to the range's end), for complaints and comparison sales alike.
// - Intervals, 95%: retention, Wilson's score interval; the standardised comparison rate, the
//   normal approximation (variance sum of w_s^2 p_s (1 - p_s) / n_s); their difference,
//   Newcombe's square-and-add (his method 10, here with these two intervals: MOVER, Zou &
//   Donner 2008); mean spend, the normal approximation. Complaints of one customer, and one
//   customer's sale days, are treated as independent, so intervals are slightly narrow.
// - Verdict, per window: the paradox is shown when the difference interval of the
//   resolved 4-5 complaints lies entirely above zero, refuted when entirely below, else not
//   shown. The difference, not the retention interval alone, so that the comparison rate's
//   own uncertainty counts too.
import { quoteString } from '../sql.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import {
  differenceInterval,
  type Interval,
  meanInterval,
  standardisedRate,
  wilsonInterval,
} from './intervals.js';
import { type ReportContext, reportRows } from './report-context.js';
import { type ReportTable, ratio } from './report-table.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** The follow-up windows after a complaint, in days. */
export const RECOVERY_WINDOWS = [90, 180] as const;
export type RecoveryWindow = (typeof RECOVERY_WINDOWS)[number];

export const COMPLAINT_OUTCOMES = ['resolved 4-5', 'resolved 1-3', 'open'] as const;
export const RESOLUTION_TIMES = ['within 1 day', '1-7 days', 'over 7 days', 'never resolved'] as const;

/** The outcome whose retention decides the verdict. */
const RECOVERED = 'resolved 4-5';

export type Verdict = 'paradox shown' | 'paradox refuted' | 'paradox not shown';

/** The complaints of one group in one window, against the comparison sales matched to them. */
export interface ServiceRecoveryRow {
  readonly windowDays: RecoveryWindow;
  readonly breakdown: 'all' | 'outcome' | 'resolution time';
  readonly group: string;
  /** Complaints whose window the history covers, in strata with comparison sales. */
  readonly complaints: number;
  /** Complaints whose window the history covers, in strata without comparison sales. */
  readonly unmatched: number;
  readonly retained: number;
  readonly retention: number | null;
  readonly retentionInterval: Interval | null;
  /** The comparison sales' retention, standardised to these complaints' strata. */
  readonly controlRetention: number | null;
  /** retention - controlRetention. */
  readonly difference: number | null;
  readonly differenceInterval: Interval | null;
  readonly spendMeanMinor: number | null;
  /** Null below two complaints. */
  readonly spendInterval: Interval | null;
  readonly controlSpendMinor: number | null;
  /** On the resolved 4-5 row only. */
  readonly verdict: Verdict | null;
}

/** What a difference interval of the resolved 4-5 complaints says of the paradox. */
export function paradoxVerdict(difference: Interval | null): Verdict {
  if (difference !== null && difference.low > 0) return 'paradox shown';
  if (difference !== null && difference.high < 0) return 'paradox refuted';
  return 'paradox not shown';
}

/**
 * Retention and spend in the 90 and 180 days after each complaint opened in the range, by
 * outcome and by time to resolution, against comparison sales matched on month, tier and
 * recency (see the header of this file); the range's end also ends the history read.
 */
export async function serviceRecoveryReport(
  context: ReportContext,
  range: TimeRange,
): Promise<ServiceRecoveryRow[]> {
  const upTo = rangeCondition('occurred_at', range.toMs === undefined ? {} : { toMs: range.toMs });
  const [history] = await reportRows<{ last_day: string; purchases: JsonInteger }>(
    context,
    `SELECT toString(toDate(max(occurred_at))) AS last_day, count() AS purchases
     FROM purchases FINAL
     WHERE ${upTo}`,
  );
  const strata =
    history === undefined || toSafeInteger(history.purchases) === 0
      ? []
      : (await reportRows<StratumRow>(context, strataSql(range, history.last_day))).map(stratum);
  return RECOVERY_WINDOWS.flatMap((windowDays) => {
    const inWindow = strata.filter((s) => s.windowDays === windowDays);
    const controls = new Map(inWindow.filter((s) => s.side === 'control').map((s) => [stratumKey(s), s]));
    const complaints = inWindow.filter((s) => s.side === 'complaint');
    const row = (breakdown: ServiceRecoveryRow['breakdown'], group: string, of: (s: Stratum) => boolean) =>
      compare(windowDays, breakdown, group, complaints.filter(of), controls);
    return [
      row('all', 'all complaints', () => true),
      ...COMPLAINT_OUTCOMES.map((outcome) => row('outcome', outcome, (s) => s.outcome === outcome)),
      ...RESOLUTION_TIMES.map((time) => row('resolution time', time, (s) => s.resolutionTime === time)),
    ];
  });
}

const REPORT_COLUMNS = [
  'window_days',
  'breakdown',
  'group',
  'complaints',
  'unmatched',
  'retained',
  'retention',
  'retention_low',
  'retention_high',
  'control_retention',
  'difference',
  'difference_low',
  'difference_high',
  'spend_mean_minor',
  'spend_low_minor',
  'spend_high_minor',
  'control_spend_minor',
  'verdict',
] as const;

/** The report as a table: rates to 6 decimals, spend in whole minor units. */
export function serviceRecoveryTable(rows: readonly ServiceRecoveryRow[]): ReportTable {
  const minor = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(value);
  return {
    columns: REPORT_COLUMNS,
    rows: rows.map((row) => ({
      window_days: row.windowDays,
      breakdown: row.breakdown,
      group: row.group,
      complaints: row.complaints,
      unmatched: row.unmatched,
      retained: row.retained,
      retention: ratio(row.retention),
      retention_low: ratio(row.retentionInterval?.low ?? null),
      retention_high: ratio(row.retentionInterval?.high ?? null),
      control_retention: ratio(row.controlRetention),
      difference: ratio(row.difference),
      difference_low: ratio(row.differenceInterval?.low ?? null),
      difference_high: ratio(row.differenceInterval?.high ?? null),
      spend_mean_minor: minor(row.spendMeanMinor),
      spend_low_minor: minor(row.spendInterval?.low),
      spend_high_minor: minor(row.spendInterval?.high),
      control_spend_minor: minor(row.controlSpendMinor),
      verdict: row.verdict,
    })),
  };
}

/** Units (complaints or comparison sale days) of one side, group, window and stratum. */
interface Stratum {
  readonly side: 'complaint' | 'control';
  readonly outcome: string;
  readonly resolutionTime: string;
  readonly windowDays: number;
  readonly month: string;
  readonly tier: string;
  readonly recency: string;
  readonly units: number;
  readonly retained: number;
  readonly spend: number;
  readonly spendSquares: number;
}

interface StratumRow {
  side: 'complaint' | 'control';
  outcome: string;
  resolution_time: string;
  window_days: JsonInteger;
  month: string;
  tier: string;
  recency: string;
  units: JsonInteger;
  retained: JsonInteger;
  spend: JsonInteger;
  spend_squares: number;
}

function stratum(row: StratumRow): Stratum {
  return {
    side: row.side,
    outcome: row.outcome,
    resolutionTime: row.resolution_time,
    windowDays: toSafeInteger(row.window_days),
    month: row.month,
    tier: row.tier,
    recency: row.recency,
    units: toSafeInteger(row.units),
    retained: toSafeInteger(row.retained),
    spend: toSafeInteger(row.spend),
    spendSquares: row.spend_squares,
  };
}

const stratumKey = (s: Stratum) => `${s.month}|${s.tier}|${s.recency}`;

function compare(
  windowDays: RecoveryWindow,
  breakdown: ServiceRecoveryRow['breakdown'],
  group: string,
  complaints: readonly Stratum[],
  controls: ReadonlyMap<string, Stratum>,
): ServiceRecoveryRow {
  const matched: { complaints: Stratum; control: Stratum }[] = [];
  let unmatched = 0;
  for (const s of complaints) {
    const control = controls.get(stratumKey(s));
    if (control === undefined) unmatched += s.units;
    else matched.push({ complaints: s, control });
  }
  const total = (of: (s: Stratum) => number) => matched.reduce((sum, m) => sum + of(m.complaints), 0);
  const [n, retained, spend] = [total((s) => s.units), total((s) => s.retained), total((s) => s.spend)];
  const decidesVerdict = breakdown === 'outcome' && group === RECOVERED;
  const base = { windowDays, breakdown, group, complaints: n, unmatched, retained };
  const retentionInterval = wilsonInterval(retained, n);
  if (retentionInterval === undefined) {
    return {
      ...base,
      retention: null,
      retentionInterval: null,
      controlRetention: null,
      difference: null,
      differenceInterval: null,
      spendMeanMinor: null,
      spendInterval: null,
      controlSpendMinor: null,
      verdict: decidesVerdict ? paradoxVerdict(null) : null,
    };
  }
  const retention = retained / n;
  const control = standardisedRate(
    matched.map((m) => ({
      weight: m.complaints.units,
      successes: m.control.retained,
      trials: m.control.units,
    })),
  );
  const difference = differenceInterval(retention, retentionInterval, control.rate, control.interval);
  return {
    ...base,
    retention,
    retentionInterval,
    controlRetention: control.rate,
    difference: retention - control.rate,
    differenceInterval: difference,
    spendMeanMinor: spend / n,
    spendInterval: meanInterval({ n, sum: spend, sumOfSquares: total((s) => s.spendSquares) }) ?? null,
    controlSpendMinor: matched.reduce(
      (sum, m) => sum + (m.complaints.units / n) * (m.control.spend / m.control.units),
      0,
    ),
    verdict: decidesVerdict ? paradoxVerdict(difference) : null,
  };
}

/**
 * Per side, group, window and stratum: units, retained, spend and the sum of its squares.
 * Complaints and comparison sale days are one list of units, expanded to both windows and
 * censored together; each unit then takes its tier from the tier changes, and its recency,
 * retention and spend from the purchases, by a join on the customer aggregated per unit.
 */
function strataSql(range: TimeRange, lastDay: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(lastDay)) throw new RangeError(`not a day: ${JSON.stringify(lastDay)}`);
  const upTo = rangeCondition('occurred_at', range.toMs === undefined ? {} : { toMs: range.toMs });
  // Comparison sales only matter in the months complaints can be anchored in.
  const fromMonth =
    range.fromMs === undefined ? '1' : rangeCondition('occurred_at', { fromMs: monthStart(range.fromMs) });
  const [resolved45, resolved13, open] = COMPLAINT_OUTCOMES.map(quoteString);
  const [withinDay, withinWeek, overWeek, never] = RESOLUTION_TIMES.map(quoteString);
  // Left joins fill a customer without rows with defaults (join_use_nulls is off in every
  // release): an empty kind, which no condition on sales takes, and an empty tier, read as none.
  return `SELECT side, outcome, resolution_time, window_days, toString(toStartOfMonth(anchor)) AS month, tier,
                 multiIf(sales_before = 0, 'never', days_since_sale <= 30, '0-30', days_since_sale <= 90, '31-90',
                         days_since_sale <= 180, '91-180', '181+') AS recency,
                 count() AS units, sum(came_back) AS retained, sum(net_spend) AS spend,
                 sum(toFloat64(net_spend) * net_spend) AS spend_squares
     FROM
     (
         SELECT side, customer_id, unit, anchor, window_days, outcome, resolution_time, tier,
                countIf(kind = 'sale' AND day <= anchor) AS sales_before,
                toRelativeDayNum(anchor) - toRelativeDayNum(maxIf(day, kind = 'sale' AND day <= anchor)) AS days_since_sale,
                max(kind = 'sale' AND day > anchor AND day <= anchor + window_days) AS came_back,
                sumIf(net_minor, ordered_on > anchor AND day <= anchor + window_days) AS net_spend
         FROM
         (
             SELECT side, customer_id, unit, anchor, window_days, outcome, resolution_time,
                    if(latest_tier = '', 'none', latest_tier) AS tier
             FROM
             (
                 SELECT side, customer_id, unit, anchor, window_days, outcome, resolution_time,
                        argMaxIf(new_tier, (ingested_at, occurred_at, event_id), changed_on <= anchor) AS latest_tier
                 FROM
                 (
                     SELECT side, customer_id, unit, anchor, window_days, outcome, resolution_time
                     FROM
                     (
                         SELECT 'complaint' AS side, customer_id, complaint_id AS unit, toDate(opened_at) AS anchor,
                                multiIf(last_status != 'resolved', ${open}, last_satisfaction >= 4, ${resolved45}, ${resolved13}) AS outcome,
                                multiIf(resolutions = 0, ${never},
                                        toUInt32(first_resolved_at) - toUInt32(opened_at) <= 86400, ${withinDay},
                                        toUInt32(first_resolved_at) - toUInt32(opened_at) <= 604800, ${withinWeek},
                                        ${overWeek}) AS resolution_time
                         FROM
                         (
                             SELECT customer_id, complaint_id,
                                    min(occurred_at) AS opened_at,
                                    argMax(status, (occurred_at, event_id)) AS last_status,
                                    argMaxIf(ifNull(satisfaction, 0), (occurred_at, event_id), status = 'resolved') AS last_satisfaction,
                                    countIf(status = 'resolved') AS resolutions,
                                    minIf(occurred_at, status = 'resolved') AS first_resolved_at
                             FROM complaints FINAL
                             WHERE ${upTo}
                             GROUP BY customer_id, complaint_id
                         )
                         WHERE ${rangeCondition('opened_at', range)}
                         UNION ALL
                         SELECT 'control' AS side, customer_id, '' AS unit, anchor, '' AS outcome, '' AS resolution_time
                         FROM
                         (
                             SELECT DISTINCT customer_id, toDate(occurred_at) AS anchor
                             FROM purchases FINAL
                             WHERE kind = 'sale' AND ${upTo} AND ${fromMonth}
                         ) AS sale_days
                         ANY LEFT JOIN
                         (
                             SELECT customer_id, count() AS complaint_events, toDate(min(occurred_at)) AS first_complaint_day
                             FROM complaints FINAL
                             WHERE ${upTo}
                             GROUP BY customer_id
                         ) AS complainers USING customer_id
                         WHERE complaint_events = 0 OR first_complaint_day > anchor
                     )
                     ARRAY JOIN [${RECOVERY_WINDOWS.join(', ')}] AS window_days
                     WHERE anchor + window_days < toDate(${quoteString(lastDay)})
                 ) AS units
                 ALL LEFT JOIN
                 (
                     SELECT customer_id, toDate(occurred_at) AS changed_on, new_tier, ingested_at, occurred_at, event_id
                     FROM tier_changes FINAL
                     WHERE ${upTo}
                 ) AS changes USING customer_id
                 GROUP BY side, customer_id, unit, anchor, window_days, outcome, resolution_time
             )
         ) AS tiered
         ALL LEFT JOIN
         (
             SELECT customer_id, day, kind, net_minor, ordered_on
             FROM
             (
                 SELECT customer_id, toDate(occurred_at) AS day, kind, net_minor,
                        if(kind = 'return', ifNull(return_of_order_id, ''), order_id) AS order_key
                 FROM purchases FINAL
                 WHERE ${upTo}
             ) AS purchase_days
             ANY LEFT JOIN
             (
                 SELECT customer_id, order_id AS order_key, toDate(min(occurred_at)) AS ordered_on
                 FROM purchases FINAL
                 WHERE kind = 'sale' AND ${upTo}
                 GROUP BY customer_id, order_id
             ) AS orders USING (customer_id, order_key)
         ) AS bought USING customer_id
         GROUP BY side, customer_id, unit, anchor, window_days, outcome, resolution_time, tier
     )
     GROUP BY side, outcome, resolution_time, window_days, month, tier, recency`;
}

/** Midnight UTC of the first day of the month of an instant. */
function monthStart(epochMs: number): number {
  const at = new Date(epochMs);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
}
