import { OUTPUT_EVENT_SCHEMAS, OUTPUT_SOURCE, type OutputEventType } from '@loyalty/contracts';
import { describe, expect, it } from 'vitest';
import { outputRows } from './output-rows.js';

const AT = '2026-03-01 09:02:00';

// Events as the aggregator wrote them before the correction flag existed: no `correction`.
const OLD_EVENTS: Record<OutputEventType, Record<string, unknown>> = {
  'tier-changed': {
    type: 'tier-changed',
    previousTier: 'iron',
    newTier: 'gold',
    direction: 'upgrade',
    reason: 'qualifying_spend',
    qualifyingSpendMinor: 152340,
    currency: 'EUR',
  },
  'stage-changed': {
    type: 'stage-changed',
    previousStage: 'first_time',
    newStage: 'repeat',
    reason: 'repeat_order',
  },
  'churn-risk': {
    type: 'churn-risk',
    previousLevel: 'low',
    newLevel: 'high',
    score: 0.81,
    pAlive: 0.19,
    drivers: ['complaint_open'],
  },
  'wallet-share-changed': {
    type: 'wallet-share-changed',
    previousBand: 'low',
    newBand: 'medium',
    share: 0.2143,
    spendMinor: 90000,
    walletMinor: 420000,
    currency: 'EUR',
  },
  'pyramid-level-changed': {
    type: 'pyramid-level-changed',
    previousLevel: 'iron',
    newLevel: 'gold',
    valueMinor: 148210,
    cutoffs: { platinumMinor: 612480, goldMinor: 147930, ironMinor: 41260 },
    customers: 18342,
    currency: 'EUR',
  },
};

const TABLE_OF_TYPE = {
  'tier-changed': 'tier_changes',
  'stage-changed': 'stage_changes',
  'churn-risk': 'churn_signals',
  'wallet-share-changed': 'wallet_share_changes',
  'pyramid-level-changed': 'pyramid_level_changes',
} as const;

function rowOf(type: OutputEventType, fields: Record<string, unknown>) {
  const event = OUTPUT_EVENT_SCHEMAS[type].parse({
    eventId: `${type}-1`,
    customerId: 'cust-1',
    occurredAt: '2026-03-01T10:02:00.000+01:00',
    source: OUTPUT_SOURCE,
    schemaVersion: 1,
    ...OLD_EVENTS[type],
    ...fields,
  });
  const rows = outputRows(event, AT)[TABLE_OF_TYPE[type]];
  expect(rows?.length).toBe(1);
  return rows?.[0];
}

describe('outputRows', () => {
  it('stores the correction flag of every change event as 1 or 0', () => {
    for (const type of Object.keys(TABLE_OF_TYPE) as OutputEventType[]) {
      expect([type, rowOf(type, { correction: true })?.correction]).toEqual([type, 1]);
      expect([type, rowOf(type, { correction: false })?.correction]).toEqual([type, 0]);
    }
  });

  it('stores an event from before the flag as an ordinary change', () => {
    for (const type of Object.keys(TABLE_OF_TYPE) as OutputEventType[]) {
      expect([type, rowOf(type, {})?.correction]).toEqual([type, 0]);
    }
  });

  it('keeps the rest of a correction as told: the previous value announced, the time it holds since', () => {
    expect(rowOf('tier-changed', { correction: true })).toEqual({
      event_id: 'tier-changed-1',
      customer_id: 'cust-1',
      occurred_at: AT,
      correction: 1,
      previous_tier: 'iron',
      new_tier: 'gold',
      direction: 'upgrade',
      reason: 'qualifying_spend',
      qualifying_spend_minor: 152340,
      currency: 'EUR',
    });
  });
});

describe('outputRows of a share-of-wallet change', () => {
  it('keeps the band, the share and the money it was computed from', () => {
    expect(rowOf('wallet-share-changed', {})).toEqual({
      event_id: 'wallet-share-changed-1',
      customer_id: 'cust-1',
      occurred_at: AT,
      correction: 0,
      previous_band: 'low',
      new_band: 'medium',
      share: 0.2143,
      spend_minor: 90000,
      wallet_minor: 420000,
      currency: 'EUR',
    });
  });
});

describe('outputRows of a pyramid level change', () => {
  it('keeps the levels, the value and the cut-offs of the epoch, one column each', () => {
    expect(rowOf('pyramid-level-changed', {})).toEqual({
      event_id: 'pyramid-level-changed-1',
      customer_id: 'cust-1',
      occurred_at: AT,
      correction: 0,
      previous_level: 'iron',
      new_level: 'gold',
      value_minor: 148210,
      platinum_cutoff_minor: 612480,
      gold_cutoff_minor: 147930,
      iron_cutoff_minor: 41260,
      customers: 18342,
      currency: 'EUR',
    });
  });

  it("stores a customer's first level with no previous level", () => {
    expect(rowOf('pyramid-level-changed', { previousLevel: null })).toMatchObject({ previous_level: null });
  });
});
