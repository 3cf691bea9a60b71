import {
  type CustomerStateEvent,
  customerStateEventId,
  OUTPUT_SOURCE,
  SCHEMA_VERSION,
} from '@loyalty/contracts';
import type { PyramidLevel } from '@loyalty/core';
import type { Announcement, CustomerValues } from './customer-values.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** The record of the state topic for a customer's values as announced. */
export function toCustomerState(
  customerId: string,
  values: CustomerValues,
  announced: Announcement,
  pyramid?: { readonly level: PyramidLevel; readonly since: number },
): CustomerStateEvent {
  const since = [
    announced.tierSince,
    announced.stageSince,
    announced.churnSince,
    announced.walletSince ?? null,
    pyramid?.since ?? null,
  ].filter((at): at is number => at !== null);
  const latest = Math.max(...since);
  return {
    type: 'customer-state',
    eventId: customerStateEventId(customerId, announced.changes, latest, pyramid),
    customerId,
    occurredAt: new Date(latest).toISOString(),
    source: OUTPUT_SOURCE,
    schemaVersion: SCHEMA_VERSION,
    tier: values.tier,
    tierSince: iso(values.tier === null ? null : announced.tierSince),
    stage: values.stage,
    stageSince: iso(values.stage === null ? null : announced.stageSince),
    churnLevel: values.churn,
    churnSince: iso(values.churn === null ? null : announced.churnSince),
    walletBand: values.wallet ?? null,
    walletBandSince: iso(values.wallet === undefined ? null : (announced.walletSince ?? null)),
    pyramidLevel: pyramid?.level ?? null,
    pyramidLevelSince: iso(pyramid?.since ?? null),
    changes: announced.changes,
  };
}
