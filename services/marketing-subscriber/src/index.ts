export { type Action, decideActions, describeAction } from './actions.js';
export { loadSubscriberConfig, type SubscriberConfig, subscriberEnv } from './config.js';
export {
  type DecodedChange,
  type DecodedState,
  decodeChange,
  decodeState,
  type Invalid,
} from './decode-message.js';
export { type ChangeOutcome, type CustomerView, MarketingView } from './marketing-view.js';
export { MarketingSubscriber, type SubscriberOptions } from './subscriber.js';
