import { type OutputEvent, type Tier, tierRank } from '@loyalty/contracts';

/** What marketing automation would do for one customer. */
export type Action =
  | { readonly type: 'welcome-to-tier'; readonly customerId: string; readonly tier: Tier }
  | {
      readonly type: 'apologise-and-re-evaluate';
      readonly customerId: string;
      readonly announced: Tier;
      readonly tier: Tier;
    }
  | { readonly type: 'thank-first-time-buyer'; readonly customerId: string }
  | { readonly type: 'enrol-client'; readonly customerId: string }
  | { readonly type: 'send-win-back-offer'; readonly customerId: string; readonly drivers: readonly string[] }
  | { readonly type: 'stop-win-back'; readonly customerId: string }
  | { readonly type: 'offer-cross-sell'; readonly customerId: string; readonly share: number }
  | { readonly type: 'thank-top-customer'; readonly customerId: string }
  | { readonly type: 'remove'; readonly customerId: string };

/** The tiers whose arrival is worth a welcome offer. */
const WELCOMED: ReadonlySet<Tier> = new Set(['gold', 'platinum']);

/**
 * The actions a change calls for, judged against `held`: the value this subscriber held for the
 * change's kind before it (null for none). Held, not the event's previous value, so that a
 * change the view already reflects, or one after a gap, is judged by what marketing last acted on.
 */
export function decideActions(event: OutputEvent, held: string | null): Action[] {
  const { customerId } = event;
  switch (event.type) {
    case 'tier-changed': {
      const before = held === null ? -1 : tierRank(held as Tier);
      const after = tierRank(event.newTier);
      // A correction that lowers the tier takes back what the customer was told.
      if (event.correction && held !== null && after < before) {
        return [
          { type: 'apologise-and-re-evaluate', customerId, announced: held as Tier, tier: event.newTier },
        ];
      }
      return after > before && WELCOMED.has(event.newTier)
        ? [{ type: 'welcome-to-tier', customerId, tier: event.newTier }]
        : [];
    }
    case 'stage-changed':
      if (event.newStage === 'first_time') return [{ type: 'thank-first-time-buyer', customerId }];
      if (event.newStage === 'client') return [{ type: 'enrol-client', customerId }];
      return [];
    case 'churn-risk':
      if (event.newLevel === 'high' && held !== 'high') {
        return [{ type: 'send-win-back-offer', customerId, drivers: event.drivers }];
      }
      return held === 'high' && event.newLevel !== 'high' ? [{ type: 'stop-win-back', customerId }] : [];
    case 'wallet-share-changed':
      // Most of a low-share customer's wallet goes elsewhere: the room a cross-sell offer aims at.
      return event.newBand === 'low' && held !== 'low'
        ? [{ type: 'offer-cross-sell', customerId, share: event.share }]
        : [];
    case 'pyramid-level-changed':
      // The top 1 % by spend: a personal thank-you, whatever their service tier says.
      return event.newLevel === 'platinum' && held !== 'platinum'
        ? [{ type: 'thank-top-customer', customerId }]
        : [];
  }
}

/** One line saying what marketing automation would do. */
export function describeAction(action: Action): string {
  const who = action.customerId;
  switch (action.type) {
    case 'welcome-to-tier':
      return `welcome ${who} to ${action.tier}`;
    case 'apologise-and-re-evaluate':
      return `apologise to ${who} and re-evaluate: the tier is ${action.tier}, not ${action.announced}`;
    case 'thank-first-time-buyer':
      return `thank ${who} for their first purchase`;
    case 'enrol-client':
      return `enrol ${who} in the client programme`;
    case 'send-win-back-offer':
      return `send ${who} a win-back offer (${action.drivers.join(', ') || 'no drivers'})`;
    case 'stop-win-back':
      return `stop the win-back flow of ${who}`;
    case 'offer-cross-sell':
      return `offer ${who} a cross-sell (share of wallet ${action.share})`;
    case 'thank-top-customer':
      return `thank ${who} as a top customer (platinum in the value pyramid)`;
    case 'remove':
      return `remove ${who} from every list (erased)`;
  }
}
