import { type JsonInteger, toSafeInteger } from '../values.js';
import { compareText } from './compare.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** An association rule "orders with `antecedent` also hold `consequent`". */
export interface BasketRule {
  readonly antecedent: string;
  readonly consequent: string;
  /** Orders holding both categories. */
  readonly orders: number;
  /** orders / all orders. */
  readonly support: number;
  /** orders / orders holding the antecedent. */
  readonly confidence: number;
  /** confidence / share of orders holding the consequent; above 1, bought together more than by chance. */
  readonly lift: number;
}

// The distinct categories of each sale order in the range: one basket per order. Returns
// are left out (they say what came back, not what was bought together).
function basketsSql(range: TimeRange): string {
  return `SELECT customer_id, order_id, groupUniqArray(category) AS categories
          FROM purchase_lines FINAL
          WHERE kind = 'sale' AND ${rangeCondition('occurred_at', range)}
          GROUP BY customer_id, order_id`;
}

/**
 * Category pairs bought together within one order (market-basket analysis, Agrawal et al.
 * 1993), as rules in both directions, by lift and then by number of orders.
 */
export async function basketReport(context: ReportContext, range: TimeRange): Promise<BasketRule[]> {
  const baskets = basketsSql(range);
  const [totals] = await reportRows<{ orders: JsonInteger }>(
    context,
    `SELECT count() AS orders FROM (${baskets})`,
  );
  const orders = toSafeInteger(totals?.orders ?? 0);
  if (orders === 0) return [];
  const singles = await reportRows<{ category: string; orders: JsonInteger }>(
    context,
    `SELECT arrayJoin(categories) AS category, count() AS orders FROM (${baskets}) GROUP BY category`,
  );
  const pairs = await reportRows<{ antecedent: string; consequent: string; orders: JsonInteger }>(
    context,
    `SELECT antecedent, consequent, count() AS orders
     FROM (SELECT categories, arrayJoin(categories) AS antecedent FROM (${baskets}))
     ARRAY JOIN categories AS consequent
     WHERE antecedent != consequent
     GROUP BY antecedent, consequent`,
  );
  const ordersWith = new Map(singles.map((s) => [s.category, toSafeInteger(s.orders)]));
  return pairs
    .map((pair) => {
      const both = toSafeInteger(pair.orders);
      const withAntecedent = ordersWith.get(pair.antecedent) as number;
      const withConsequent = ordersWith.get(pair.consequent) as number;
      return {
        antecedent: pair.antecedent,
        consequent: pair.consequent,
        orders: both,
        support: both / orders,
        confidence: both / withAntecedent,
        // support(A and B) / (support(A) x support(B)), in one division so that a rule and
        // its reverse get the very same lift.
        lift: (both * orders) / (withAntecedent * withConsequent),
      };
    })
    .sort(
      (a, b) =>
        b.lift - a.lift ||
        b.orders - a.orders ||
        compareText(a.antecedent, b.antecedent) ||
        compareText(a.consequent, b.consequent),
    );
}
