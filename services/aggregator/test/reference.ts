// The reference the effectively-once tests compare against, written apart from the
// aggregator: parse every good message, then for each customer walk the time-sorted history
// through every change candidate with the core's rule functions, and record each change
// of tier, stage, churn level or share-of-wallet band as its deterministic event id.
import { type ParserOptions, parseInputMessage } from '@loyalty/contracts';
import {
  bucketAt,
  changeCandidates,
  epochPyramid,
  evaluate,
  type HistoryEntry,
  levelAtEpoch,
  type PyramidLevel,
  pyramidEpochs,
  type Rules,
  transitionEventId,
  valueBucket,
} from '@loyalty/core';
import { type CustomerValues, customerValues } from '../src/customer-values.js';
import { toHistoryEntry } from '../src/to-history-entry.js';

export interface LogMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
}

export interface Reference {
  readonly eventIds: Set<string>;
  readonly values: Map<string, CustomerValues>;
  /** The pyramid sketch of every customer with a tier: customers per bucket of qualifying spend. */
  readonly pyramid: Map<number, number>;
  /** Each customer's pyramid level at the last epoch by `end` (those with a sale by then). */
  readonly pyramidLevels: Map<string, PyramidLevel>;
  /** The ids of the pyramid-level changes, one per customer and epoch where the level moved. */
  readonly pyramidEventIds: Set<string>;
  readonly rejected: number;
}

/** What a correct pipeline must end with after seeing `log` and a watermark at `end`. */
export function referenceOutcome(
  log: readonly LogMessage[],
  rules: Rules,
  end: number,
  parser: ParserOptions,
): Reference {
  const histories = new Map<string, Map<string, HistoryEntry>>();
  let rejected = 0;
  for (const message of log) {
    const parsed = parseInputMessage(message.value, { topic: message.topic }, parser);
    if (!parsed.ok || parsed.event.customerId !== message.key) {
      rejected++;
      continue;
    }
    const entries = histories.get(message.key) ?? new Map<string, HistoryEntry>();
    if (!entries.has(parsed.event.eventId)) entries.set(parsed.event.eventId, toHistoryEntry(parsed.event));
    histories.set(message.key, entries);
  }
  const eventIds = new Set<string>();
  const values = new Map<string, CustomerValues>();
  for (const [customerId, entries] of histories) {
    const history = [...entries.values()].sort((a, b) => a.at - b.at);
    let tier: string | null = null;
    let stage: string | null = null;
    let churn: string | null = null;
    let wallet: string | null = null;
    for (const t of changeCandidates(history, rules, Number.MIN_SAFE_INTEGER, end)) {
      const now = evaluate(history, t, rules);
      const nextTier = now.tier?.tier ?? null;
      const nextStage = now.stage ?? null;
      const nextChurn = now.churn?.level ?? null;
      const nextWallet = now.wallet?.band ?? null;
      if (nextTier !== null && nextTier !== tier)
        eventIds.add(transitionEventId(customerId, 'tier', tier, nextTier, t));
      if (nextStage !== null && nextStage !== stage)
        eventIds.add(transitionEventId(customerId, 'stage', stage, nextStage, t));
      if (nextChurn !== null && nextChurn !== churn)
        eventIds.add(transitionEventId(customerId, 'churn', churn, nextChurn, t));
      if (nextWallet !== null && nextWallet !== wallet)
        eventIds.add(transitionEventId(customerId, 'wallet', wallet, nextWallet, t));
      tier = nextTier;
      stage = nextStage;
      churn = nextChurn;
      wallet = nextWallet;
    }
    values.set(customerId, customerValues(evaluate(history, end, rules)));
  }
  const pyramid = new Map<number, number>();
  for (const { tier, qualifyingSpendMinor } of values.values()) {
    if (tier === null) continue;
    const bucket = valueBucket(qualifyingSpendMinor ?? 0);
    pyramid.set(bucket, (pyramid.get(bucket) ?? 0) + 1);
  }
  return { eventIds, values, pyramid, rejected, ...pyramidAtEpochs(histories, rules, end) };
}

/**
 * Every epoch's pyramid from every customer's value then, worked out customer by customer from
 * the histories, and each customer's level moving from epoch to epoch.
 */
function pyramidAtEpochs(
  histories: ReadonlyMap<string, ReadonlyMap<string, HistoryEntry>>,
  rules: Rules,
  end: number,
): Pick<Reference, 'pyramidLevels' | 'pyramidEventIds'> {
  const sorted = new Map<string, HistoryEntry[]>();
  let first = end;
  for (const [customerId, entries] of histories) {
    const history = [...entries.values()].sort((a, b) => a.at - b.at);
    sorted.set(customerId, history);
    first = Math.min(first, history[0]?.at ?? end);
  }
  const levels = new Map<string, PyramidLevel>();
  const pyramidEventIds = new Set<string>();
  for (const epoch of pyramidEpochs(first - 1, end)) {
    const buckets = new Map<string, number>();
    const counts = new Map<number, number>();
    for (const [customerId, history] of sorted) {
      const bucket = bucketAt(history, epoch, rules);
      if (bucket === undefined) continue;
      buckets.set(customerId, bucket);
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    const pyramid = epochPyramid(epoch, counts, rules.pyramid);
    for (const [customerId, bucket] of buckets) {
      const next = levelAtEpoch(pyramid, bucket);
      const previous = levels.get(customerId) ?? null;
      if (next === undefined || next === previous) continue;
      pyramidEventIds.add(transitionEventId(customerId, 'pyramid', previous, next, epoch));
      levels.set(customerId, next);
    }
  }
  return { pyramidLevels: levels, pyramidEventIds };
}
