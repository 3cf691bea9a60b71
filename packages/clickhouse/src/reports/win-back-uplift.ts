/**
 * Whether win-back campaigns pay: the customers of campaigns run as experiments (campaign
 * responses with controlGroup), treated against control, by churn level and CLV band at the
 * moment of assignment (the customer's first response to the campaign).
 *
 * - A unit is a (campaign, customer) pair assigned in the range; a customer can be in several
 *   campaigns.
 * - Converted: a sale in the 90 days after assignment, (t, t + 90 days]. 90-day revenue: the
 *   net of every purchase (sales less returns) in that window, minor units. Only units whose
 *   window has ended by the history's last purchase count: a later one could still convert.
 * - The churn level and CLV are the customer's last churn-risk announcement at or before the
 *   assignment (corrections win over the changes they correct, as they were announced later).
 * - Uplift: treated minus control, for the conversion rate with Newcombe's interval and for the
 *   mean revenue with Welch's (./intervals.ts), each at 95%.
 */

import { type JsonInteger, toSafeInteger } from '../values.js';
import { type Interval, meanDifferenceInterval, proportionDifferenceInterval } from './intervals.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

const WINDOW_S = 90 * 86_400;

/** CLV bands in major units of the base currency: [label, lower bound]. */
export const CLV_BANDS = [
  ['under 50', 0],
  ['50 to 200', 50],
  ['200 or more', 200],
] as const;
const NO_ESTIMATE = 'no estimate';
const ALL = 'all';

/** One group of the experiment: a churn level and a CLV band, or "all" for either. */
export interface UpliftRow {
  readonly churnLevel: string;
  readonly clvBand: string;
  readonly treated: number;
  readonly control: number;
  readonly treatedConversion: number | null;
  readonly controlConversion: number | null;
  readonly conversionUplift: number | null;
  readonly conversionUpliftInterval: Interval | null;
  /** Mean 90-day net revenue per customer, minor units. */
  readonly treatedRevenue: number | null;
  readonly controlRevenue: number | null;
  readonly revenueUplift: number | null;
  readonly revenueUpliftInterval: Interval | null;
}

interface GroupSums {
  units: number;
  converted: number;
  revenue: number;
  revenueSquares: number;
}

// 18.16 has neither window functions nor ASOF JOIN: each unit meets its customer's purchases
// and churn announcements through a join on the customer, and aggregates keep what counts. A
// unit without a match gets the columns' defaults (an empty event id), not NULLs, on 18.16.
function unitsSql(range: TimeRange): string {
  return `SELECT campaign_id, customer_id, min(occurred_at) AS assigned_at,
                 argMin(control_group, occurred_at) AS control
          FROM campaign_responses FINAL
          WHERE isNotNull(control_group)
          GROUP BY campaign_id, customer_id
          HAVING ${rangeCondition('assigned_at', range)}
             AND toUInt32(assigned_at) + ${WINDOW_S} <= (SELECT toUInt32(max(occurred_at)) FROM purchases)`;
}

/** The experiment's groups in the range: "all" first, then each churn level and CLV band. */
export async function winBackUpliftReport(context: ReportContext, range: TimeRange): Promise<UpliftRow[]> {
  const rows = await reportRows<{
    control: JsonInteger;
    level: string;
    band: string;
    units: JsonInteger;
    converted: JsonInteger;
    revenue: JsonInteger;
    revenue_squares: number;
  }>(
    context,
    `SELECT control, level, band, count() AS units, sum(unit_converted) AS converted,
            sum(unit_revenue) AS revenue, sum(toFloat64(unit_revenue) * unit_revenue) AS revenue_squares
     FROM
     (
         SELECT control,
                if(signals = 0, '${NO_ESTIMATE}', level_then) AS level,
                multiIf(signals = 0 OR isNull(clv_then), '${NO_ESTIMATE}',
                        ${CLV_BANDS.slice()
                          .reverse()
                          .map(([label, low]) => `clv_then >= ${low}, '${label}'`)
                          .join(', ')}, '${CLV_BANDS[0][0]}') AS band,
                unit_converted, unit_revenue
         FROM
         (
             SELECT campaign_id, customer_id, any(control) AS control,
                    max(purchase_kind = 'sale' AND in_window) AS unit_converted,
                    sumIf(purchase_net, in_window) AS unit_revenue
             FROM
             (
                 SELECT campaign_id, customer_id, control, purchase_kind, purchase_net,
                        purchase_at > assigned_at
                          AND toUInt32(purchase_at) <= toUInt32(assigned_at) + ${WINDOW_S} AS in_window
                 FROM (${unitsSql(range)}) AS unit
                 ALL LEFT JOIN
                 (
                     SELECT customer_id, kind AS purchase_kind, net_minor AS purchase_net,
                            occurred_at AS purchase_at
                     FROM purchases FINAL
                 ) AS purchase
                 USING customer_id
             )
             GROUP BY campaign_id, customer_id
         ) AS outcome
         ALL INNER JOIN
         (
             SELECT campaign_id, customer_id,
                    countIf(signal_id != '' AND signal_at <= assigned_at) AS signals,
                    argMaxIf(signal_level, (signal_at, signal_ingested_at, signal_id),
                             signal_id != '' AND signal_at <= assigned_at) AS level_then,
                    argMaxIf(signal_clv, (signal_at, signal_ingested_at, signal_id),
                             signal_id != '' AND signal_at <= assigned_at) AS clv_then
             FROM (${unitsSql(range)}) AS unit
             ALL LEFT JOIN
             (
                 SELECT customer_id, occurred_at AS signal_at, ingested_at AS signal_ingested_at,
                        event_id AS signal_id, new_level AS signal_level, clv AS signal_clv
                 FROM churn_signals FINAL
             ) AS signal
             USING customer_id
             GROUP BY campaign_id, customer_id
         ) AS state
         USING campaign_id, customer_id
     )
     GROUP BY control, level, band`,
  );
  const groups = new Map<string, { treated: GroupSums; control: GroupSums }>();
  const add = (level: string, band: string, control: boolean, sums: GroupSums) => {
    const key = `${level}\u0000${band}`;
    const group = groups.get(key) ?? { treated: empty(), control: empty() };
    const side = control ? group.control : group.treated;
    side.units += sums.units;
    side.converted += sums.converted;
    side.revenue += sums.revenue;
    side.revenueSquares += sums.revenueSquares;
    groups.set(key, group);
  };
  for (const row of rows) {
    const sums = {
      units: toSafeInteger(row.units),
      converted: toSafeInteger(row.converted),
      revenue: toSafeInteger(row.revenue),
      revenueSquares: Number(row.revenue_squares),
    };
    const control = toSafeInteger(row.control) === 1;
    add(ALL, ALL, control, sums);
    add(row.level, row.band, control, sums);
  }
  const order = (key: string) => (key === `${ALL}\u0000${ALL}` ? '' : key);
  return [...groups]
    .sort(([p], [q]) => order(p).localeCompare(order(q)))
    .map(([key, group]) => {
      const [churnLevel = '', clvBand = ''] = key.split('\u0000');
      return upliftRow(churnLevel, clvBand, group.treated, group.control);
    });
}

function empty(): GroupSums {
  return { units: 0, converted: 0, revenue: 0, revenueSquares: 0 };
}

function upliftRow(churnLevel: string, clvBand: string, treated: GroupSums, control: GroupSums): UpliftRow {
  const rate = (g: GroupSums) => (g.units === 0 ? null : g.converted / g.units);
  const mean = (g: GroupSums) => (g.units === 0 ? null : g.revenue / g.units);
  const both = treated.units > 0 && control.units > 0;
  const sums = (g: GroupSums) => ({ n: g.units, sum: g.revenue, sumOfSquares: g.revenueSquares });
  return {
    churnLevel,
    clvBand,
    treated: treated.units,
    control: control.units,
    treatedConversion: rate(treated),
    controlConversion: rate(control),
    conversionUplift: both ? (rate(treated) as number) - (rate(control) as number) : null,
    conversionUpliftInterval:
      proportionDifferenceInterval(treated.converted, treated.units, control.converted, control.units) ??
      null,
    treatedRevenue: mean(treated),
    controlRevenue: mean(control),
    revenueUplift: both ? (mean(treated) as number) - (mean(control) as number) : null,
    revenueUpliftInterval: meanDifferenceInterval(sums(treated), sums(control)) ?? null,
  };
}
