import { type ChurnModel, churnModel } from './churn.js';
import type { HistoryEntry, Millis } from './history.js';
import { type HistoryIndex, indexHistory } from './history-index.js';
import type { Rules } from './rules.js';
import { type StageModel, stageModel } from './stage.js';
import { type TierModel, tierModel } from './tier.js';
import { type WalletModel, walletModel } from './wallet.js';

/** Every rule over one customer's history, built once and evaluable at any moment. */
export interface CustomerModel {
  readonly index: HistoryIndex;
  readonly tier: TierModel;
  readonly stage: StageModel;
  readonly churn: ChurnModel;
  readonly wallet: WalletModel;
}

/** Indexes a history and builds the tier, stage and churn rules over it. */
export function customerModel(history: readonly HistoryEntry[], rules: Rules): CustomerModel {
  const index = indexHistory(history);
  return {
    index,
    tier: tierModel(index, rules),
    stage: stageModel(index, rules),
    churn: churnModel(index, rules),
    wallet: walletModel(index, rules),
  };
}

// A model is immutable, and both the transitions and the next due time walk its candidates.
const candidatesOfModel = new WeakMap<CustomerModel, Millis[]>();

/** Every moment at which some value can change, ascending and distinct. */
export function allChangeCandidates(model: CustomerModel): Millis[] {
  const known = candidatesOfModel.get(model);
  if (known !== undefined) return known;
  // A typed array sorts numbers natively, without a comparator call per pair.
  const parts = [
    model.index.entryTimes,
    model.tier.changeCandidates(),
    model.stage.changeCandidates(),
    model.churn.changeCandidates(),
    model.wallet.changeCandidates(),
  ];
  let length = 0;
  for (const part of parts) length += part.length;
  const sorted = new Float64Array(length);
  let offset = 0;
  for (const part of parts) {
    sorted.set(part, offset);
    offset += part.length;
  }
  sorted.sort();
  const candidates: Millis[] = [];
  for (const at of sorted) if (at !== candidates[candidates.length - 1]) candidates.push(at);
  candidatesOfModel.set(model, candidates);
  return candidates;
}
