import {
  OUTPUT_SOURCE,
  type OutputEvent,
  roundScore,
  SCHEMA_VERSION,
  type TopicNames,
} from '@loyalty/contracts';
import type { Transition } from '@loyalty/core';

/** The output event announcing a transition, and the topic it goes to. */
export function toOutputEvent(
  transition: Transition,
  currency: string,
  topics: TopicNames,
): { topic: string; event: OutputEvent } {
  const envelope = {
    eventId: transition.eventId,
    customerId: transition.customerId,
    occurredAt: new Date(transition.effectiveAt).toISOString(),
    source: OUTPUT_SOURCE,
    schemaVersion: SCHEMA_VERSION,
    correction: transition.correction,
  } as const;
  switch (transition.kind) {
    case 'tier': {
      const common = {
        type: 'tier-changed',
        ...envelope,
        newTier: transition.next,
        reason: transition.reason,
        qualifyingSpendMinor: transition.qualifyingSpendMinor,
        currency,
      } as const;
      const event: OutputEvent =
        transition.previous === null
          ? { ...common, direction: 'initial', previousTier: null }
          : {
              ...common,
              direction: transition.direction === 'downgrade' ? 'downgrade' : 'upgrade',
              previousTier: transition.previous,
            };
      return { topic: topics.tierChanges, event };
    }
    case 'stage':
      return {
        topic: topics.stageChanges,
        event: {
          type: 'stage-changed',
          ...envelope,
          previousStage: transition.previous,
          newStage: transition.next,
          reason: transition.reason,
        },
      };
    case 'churn':
      return {
        topic: topics.churnRisk,
        event: {
          type: 'churn-risk',
          ...envelope,
          previousLevel: transition.previous,
          newLevel: transition.next,
          // Rounded as the contract states (SCORE_DECIMALS), so that subscribers see no model noise.
          score: roundScore(transition.score),
          pAlive: roundScore(transition.pAlive),
          drivers: [...transition.drivers],
        },
      };
    case 'wallet':
      return {
        topic: topics.walletShareChanges,
        event: {
          type: 'wallet-share-changed',
          ...envelope,
          previousBand: transition.previous,
          newBand: transition.next,
          share: roundScore(transition.share),
          spendMinor: transition.spendMinor,
          walletMinor: transition.walletMinor,
          currency,
        },
      };
  }
}
