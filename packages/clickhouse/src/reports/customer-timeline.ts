import { quoteString } from '../sql.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';

/** One entry of a customer's story: an event of theirs, or a change it caused. */
export interface TimelineEntry {
  /** UTC, "YYYY-MM-DD hh:mm:ss". */
  readonly at: string;
  readonly kind: 'purchase' | 'complaint' | 'campaign' | 'wallet' | 'tier' | 'stage' | 'churn';
  /** What happened, in words: "sale 120.00", "complaint opened", "tier lead -> iron". */
  readonly what: string;
  /** Why, for changes: the reason or the drivers; empty for events. */
  readonly why: string;
  /** Net amount of a purchase in minor units; 0 otherwise. */
  readonly netMinor: number;
}

/**
 * One customer's story from the history, oldest first: purchases, complaints, campaign
 * responses, wallet estimates, and the tier, stage and churn changes they caused with their
 * reasons (copies of an event once). Corrections are marked as such.
 */
export async function customerTimeline(context: ReportContext, customerId: string): Promise<TimelineEntry[]> {
  const id = quoteString(customerId);
  const rows = await reportRows<{
    at: string;
    kind: TimelineEntry['kind'];
    what: string;
    why: string;
    net: JsonInteger;
  }>(
    context,
    // entry_kind, not kind: an alias named like a column would replace it in the purchases' what.
    `SELECT at, entry_kind AS kind, what, why, net FROM (
       SELECT occurred_at AS at, 'purchase' AS entry_kind, concat(kind, ' order ', order_id) AS what, '' AS why, net_minor AS net
       FROM purchases FINAL WHERE customer_id = ${id}
       UNION ALL
       SELECT occurred_at, 'complaint', concat('complaint ', complaint_id, ' ', status), '', toInt64(0)
       FROM complaints FINAL WHERE customer_id = ${id}
       UNION ALL
       SELECT occurred_at, 'campaign', concat('campaign ', response), '', toInt64(0)
       FROM campaign_responses FINAL WHERE customer_id = ${id}
       UNION ALL
       SELECT occurred_at, 'wallet', concat('wallet estimate ', toString(wallet_minor), ' (', method, ifNull(concat(', segment ', segment_id), ''), ')'), '', toInt64(0)
       FROM wallet_estimates FINAL WHERE customer_id = ${id}
       UNION ALL
       SELECT occurred_at, 'tier', concat(if(correction = 1, 'correction: ', ''), 'tier ', ifNull(previous_tier, 'none'), ' -> ', new_tier), reason, toInt64(0)
       FROM tier_changes FINAL WHERE customer_id = ${id}
       UNION ALL
       SELECT occurred_at, 'stage', concat(if(correction = 1, 'correction: ', ''), 'stage ', ifNull(previous_stage, 'none'), ' -> ', new_stage), reason, toInt64(0)
       FROM stage_changes FINAL WHERE customer_id = ${id}
       UNION ALL
       SELECT occurred_at, 'churn', concat(if(correction = 1, 'correction: ', ''), 'churn risk ', ifNull(previous_level, 'none'), ' -> ', new_level), arrayStringConcat(drivers, ', '), toInt64(0)
       FROM churn_signals FINAL WHERE customer_id = ${id}
     )
     ORDER BY at, kind, what`,
  );
  return rows.map((row) => ({
    at: row.at,
    kind: row.kind,
    what: row.what,
    why: row.why,
    netMinor: toSafeInteger(row.net),
  }));
}
