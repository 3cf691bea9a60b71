import type { CampaignResponse, Millis } from './history.js';
import type { HistoryIndex } from './history-index.js';
import type { Rules } from './rules.js';
import { countAtOrBefore, lastAtOrBefore } from './sorted-times.js';
import { type Delta, stepSum, stepSumAt } from './step-sum.js';
import { daysMs } from './time.js';

/** The rungs of the loyalty ladder, plus the prospect known not to need the offer. */
export const STAGES = [
  'suspect',
  'prospect',
  'disqualified',
  'first_time',
  'repeat',
  'client',
  'advocate',
] as const;
export type Stage = (typeof STAGES)[number];

/** The name of the rule that places a customer on each stage; a stage change carries it as its reason. */
export const STAGE_RULES = {
  advocate: 'client_with_referral_in_window',
  client: 'orders_in_window',
  repeat: 'repeat_order',
  first_time: 'first_sale',
  disqualified: 'unsubscribed_without_sale',
  prospect: 'campaign_engagement',
  suspect: 'known_contact',
} as const satisfies Record<Stage, string>;
export type StageRule = (typeof STAGE_RULES)[Stage];

/** The campaign responses that make a contact a prospect. */
const ENGAGED_RESPONSES: ReadonlySet<CampaignResponse> = new Set(['opened', 'clicked', 'converted']);

/** The stage rules of one customer, evaluable at any moment. */
export interface StageModel {
  /** The stage at t; undefined before the first entry. */
  stageAt(t: Millis): Stage | undefined;
  /** Moments other than entry times at which the stage can change. */
  changeCandidates(): Millis[];
}

/** Builds the stage rules over one customer's indexed history. */
export function stageModel(index: HistoryIndex, rules: Rules): StageModel {
  const windowMs = daysMs(rules.stage.windowDays);
  const { clientMinOrdersInWindow, repeatMinOrders } = rules.stage;
  const firstEntryAt = index.entries[0]?.at;
  const { firstSaleAt } = index;
  const firstCampaignAt = (matches: (response: CampaignResponse) => boolean): Millis | undefined =>
    index.campaigns.find((campaign) => matches(campaign.response))?.at;
  const firstUnsubscribedAt = firstCampaignAt((response) => response === 'unsubscribed');
  const firstEngagedAt = firstCampaignAt((response) => ENGAGED_RESPONSES.has(response));
  const referralTimes = index.campaigns
    .filter((campaign) => campaign.response === 'referred')
    .map((c) => c.at);

  const saleTimesByOrder = new Map<string, Millis[]>();
  for (const sale of index.sales) {
    const times = saleTimesByOrder.get(sale.orderId);
    if (times) times.push(sale.at);
    else saleTimesByOrder.set(sale.orderId, [sale.at]);
  }
  // An order counts once while any of its sales is in the window, so its sales' windows are
  // merged into disjoint intervals before they are counted.
  const orderDeltas: Delta[] = [];
  const firstOrderTimes: Millis[] = [];
  for (const times of saleTimesByOrder.values()) {
    const [first] = times;
    if (first === undefined) continue;
    firstOrderTimes.push(first);
    let start = first;
    let end = first + windowMs;
    for (const at of times) {
      if (at > end) {
        orderDeltas.push({ at: start, delta: 1 }, { at: end, delta: -1 });
        start = at;
      }
      end = at + windowMs;
    }
    orderDeltas.push({ at: start, delta: 1 }, { at: end, delta: -1 });
  }
  firstOrderTimes.sort((left, right) => left - right);
  const ordersInWindow = stepSum(orderDeltas);

  const stageAt = (t: Millis): Stage | undefined => {
    if (firstEntryAt === undefined || t < firstEntryAt) return undefined;
    if (firstSaleAt !== undefined && firstSaleAt <= t) {
      if (stepSumAt(ordersInWindow, t) >= clientMinOrdersInWindow) {
        const lastReferral = lastAtOrBefore(referralTimes, t);
        return lastReferral !== undefined && lastReferral > t - windowMs ? 'advocate' : 'client';
      }
      return countAtOrBefore(firstOrderTimes, t) >= repeatMinOrders ? 'repeat' : 'first_time';
    }
    if (firstUnsubscribedAt !== undefined && firstUnsubscribedAt <= t) return 'disqualified';
    if (firstEngagedAt !== undefined && firstEngagedAt <= t) return 'prospect';
    return 'suspect';
  };

  return {
    stageAt,
    changeCandidates: () => [...ordersInWindow.times, ...referralTimes.map((at) => at + windowMs)],
  };
}
