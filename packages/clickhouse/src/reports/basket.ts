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

// The distinct categories of each sale order in the range (one basket per order; returns say
// what came back, not what was bought together), counted per set of categories, sorted so that
// equal sets group together. Orders repeat few sets (about a thousand among the demo's 95,000
// orders), so one scan of the lines yields every count the rules need, and the pairs are
// formed here once per set rather than in SQL once per order. (arrayDistinct of groupArray
// costs less than groupUniqArray's hash set per order.)
function basketSetsSql(range: TimeRange): string {
  return `SELECT categories, count() AS orders
          FROM (
            SELECT arraySort(arrayDistinct(groupArray(category))) AS categories
            FROM purchase_lines FINAL
            WHERE kind = 'sale' AND ${rangeCondition('occurred_at', range)}
            GROUP BY customer_id, order_id
          )
          GROUP BY categories`;
}

/**
 * Category pairs bought together within one order (market-basket analysis, Agrawal et al.
 * 1993), as rules in both directions, by lift and then by number of orders.
 */
export async function basketReport(context: ReportContext, range: TimeRange): Promise<BasketRule[]> {
  const sets = await reportRows<{ categories: string[]; orders: JsonInteger }>(context, basketSetsSql(range));
  let orders = 0;
  const ordersWith = new Map<string, number>();
  const together = new Map<string, Map<string, number>>();
  for (const set of sets) {
    const n = toSafeInteger(set.orders);
    orders += n;
    for (const antecedent of set.categories) {
      ordersWith.set(antecedent, (ordersWith.get(antecedent) ?? 0) + n);
      const consequents = together.get(antecedent) ?? new Map<string, number>();
      together.set(antecedent, consequents);
      for (const consequent of set.categories) {
        if (consequent !== antecedent) consequents.set(consequent, (consequents.get(consequent) ?? 0) + n);
      }
    }
  }
  return [...together]
    .flatMap(([antecedent, consequents]) =>
      [...consequents].map(([consequent, both]) => {
        const withAntecedent = ordersWith.get(antecedent) as number;
        const withConsequent = ordersWith.get(consequent) as number;
        return {
          antecedent,
          consequent,
          orders: both,
          support: both / orders,
          confidence: both / withAntecedent,
          // support(A and B) / (support(A) x support(B)), in one division so that a rule and
          // its reverse get the very same lift.
          lift: (both * orders) / (withAntecedent * withConsequent),
        };
      }),
    )
    .sort(
      (a, b) =>
        b.lift - a.lift ||
        b.orders - a.orders ||
        compareText(a.antecedent, b.antecedent) ||
        compareText(a.consequent, b.consequent),
    );
}
