// Erasing a customer from every table of a fresh database on the local ClickHouse (18.16),
// checked by scanning every text column of every table for the id.
import { uniqueName } from '@loyalty/testkit';
import { clickhouseTraces } from '@loyalty/testkit/traces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eraseCustomerRows,
  erasureTombstones,
  insertRows,
  migrate,
  recordErasureStep,
  selectRows,
  type TableRows,
} from '../src/index.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';

const AT = '2026-02-01 10:00:00';

// One of each row that can name `customerId`, with `eventId` making each unique.
function historyOf(customerId: string, eventId: string, referred: string | null): TableRows {
  const event = { event_id: eventId, customer_id: customerId, occurred_at: AT };
  return {
    purchases: [
      {
        ...event,
        source: 'pos',
        order_id: `o-${eventId}`,
        kind: 'sale',
        return_of_order_id: null,
        channel: 'pos',
        store_id: null,
        currency: 'EUR',
        total_minor: 1_000,
        discount_minor: 0,
        net_minor: 1_000,
        line_count: 1,
      },
    ],
    purchase_lines: [
      {
        ...event,
        order_id: `o-${eventId}`,
        kind: 'sale',
        line_no: 0,
        sku: 'sku-1',
        category: 'books',
        quantity: 1,
        unit_price_minor: 1_000,
      },
    ],
    complaints: [
      {
        ...event,
        source: 'crm',
        complaint_id: `k-${eventId}`,
        status: 'opened',
        dimension: 'delivery',
        severity: 'low',
        order_id: null,
        satisfaction: null,
      },
    ],
    campaign_responses: [
      {
        ...event,
        source: 'mail',
        campaign_id: 'spring',
        channel: 'email',
        response: referred === null ? 'opened' : 'referred',
        offer_id: null,
        revenue_minor: null,
        referred_customer_id: referred,
      },
    ],
    tier_changes: [
      {
        ...event,
        previous_tier: null,
        new_tier: 'iron',
        direction: 'initial',
        reason: 'first sale',
        qualifying_spend_minor: 1_000,
        currency: 'EUR',
      },
    ],
    stage_changes: [{ ...event, previous_stage: null, new_stage: 'first_time', reason: 'first sale' }],
    churn_signals: [
      {
        ...event,
        previous_level: null,
        new_level: 'low',
        score: 0.1,
        p_alive: 0.9,
        drivers: [],
        expected_purchases_90d: null,
        clv: null,
      },
    ],
  };
}

function deadLetter(offset: number, key: string | null, payload: string, message = 'invalid'): TableRows {
  return {
    dead_letters: [
      {
        source_topic: 'loyalty.purchases.v1',
        source_partition: 0,
        source_offset: String(offset),
        source_timestamp: AT,
        reason: 'invalid_event',
        message,
        message_key: key,
        raw_payload: payload,
        payload_encoding: 'utf8',
        rejected_at: AT,
      },
    ],
  };
}

async function insertAll(db: FreshDatabase, rows: TableRows): Promise<void> {
  for (const [table, list] of Object.entries(rows)) {
    await insertRows(db.client, table as keyof TableRows, list as never);
  }
}

async function countWhere(db: FreshDatabase, table: string, where: string): Promise<number> {
  const [row] = await selectRows<{ n: string }>(
    db.client,
    `SELECT count() AS n FROM ${table} WHERE ${where}`,
  );
  return Number(row?.n ?? 0);
}

describe('eraseCustomerRows', () => {
  let db: FreshDatabase;
  const erased = uniqueName('cus_erased', '_');
  const other = uniqueName('cus_other', '_');
  const subject = 'a'.repeat(64);

  beforeAll(async () => {
    db = await freshDatabase('erasure');
    await migrate(db.client);
    await insertAll(db, historyOf(erased, 'e1', null));
    // Kafka delivers at least once: the copy of an event must go too.
    await insertAll(db, historyOf(erased, 'e1', null));
    // The other customer referred the erased one; their own rows stay.
    await insertAll(db, historyOf(other, 'x1', erased));
    await insertAll(db, deadLetter(1, erased, '{"customerId":'));
    await insertAll(db, deadLetter(2, 'wrong-key', `{"customerId":${JSON.stringify(erased)}}`));
    await insertAll(db, deadLetter(3, null, 'not json', `message key ${JSON.stringify(erased)} is not x`));
    await insertAll(db, deadLetter(4, other, `{"customerId":${JSON.stringify(other)}}`));
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('deletes every row of the customer, clears references to them, and leaves the id nowhere', async () => {
    expect(await clickhouseTraces(db.client, erased)).not.toEqual([]);
    const result = await eraseCustomerRows(db.client, erased, subject);
    expect(result.rowsRemaining).toBe(0);
    const byTable = Object.fromEntries(result.tables.map((t) => [t.table, [t.rowsDeleted, t.valuesCleared]]));
    expect(byTable).toEqual({
      purchases: [2, 0],
      purchase_lines: [2, 0],
      complaints: [2, 0],
      campaign_responses: [2, 1],
      tier_changes: [2, 0],
      stage_changes: [2, 0],
      churn_signals: [2, 0],
      dead_letters: [3, 0],
    });
    expect(await clickhouseTraces(db.client, erased)).toEqual([]);
  });

  it("keeps other customers' rows, the referral itself included", async () => {
    for (const table of ['purchases', 'tier_changes', 'campaign_responses']) {
      expect(await countWhere(db, table, `customer_id = '${other}'`)).toBe(1);
    }
    const [referral] = await selectRows<{ response: string; referred_customer_id: string | null }>(
      db.client,
      `SELECT response, referred_customer_id FROM campaign_responses WHERE customer_id = '${other}'`,
    );
    expect(referral).toEqual({ response: 'referred', referred_customer_id: null });
    expect(await countWhere(db, 'dead_letters', `message_key = '${other}'`)).toBe(1);
  });

  it('keeps the id out of the mutation log and drops its scratch table', async () => {
    const commands = await selectRows<{ command: string }>(
      db.client,
      'SELECT command FROM system.mutations WHERE database = currentDatabase()',
    );
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((c) => c.command.includes(erased))).toEqual([]);
    expect(
      await countWhere(db, 'system.tables', "database = currentDatabase() AND name LIKE 'erasure_subject_%'"),
    ).toBe(0);
  });

  it('erases an unknown customer without rewriting any table, even one whose id starts theirs', async () => {
    const before = await countWhere(db, 'system.mutations', 'database = currentDatabase()');
    const result = await eraseCustomerRows(db.client, other.slice(0, -1), 'b'.repeat(64));
    expect(result.tables.every((t) => t.rowsDeleted === 0 && t.valuesCleared === 0)).toBe(true);
    expect(result.rowsRemaining).toBe(0);
    expect(await countWhere(db, 'system.mutations', 'database = currentDatabase()')).toBe(before);
  });

  it('keeps the latest erasure time of each subject as its tombstone', async () => {
    const step = (subjectHash: string, erasedAtMs: number, stepName: 'started' | 'completed') => ({
      subject_hash: subjectHash,
      erased_at_ms: erasedAtMs,
      erased_at: '2026-03-01 00:00:00',
      step: stepName,
      erased_by: 'tester',
      redis_keys_deleted: 0,
      redis_timers_removed: 0,
      rows_deleted: 0,
      values_cleared: 0,
      redis_remaining: 0,
      rows_remaining: 0,
    });
    await recordErasureStep(db.client, step(subject, 1_000, 'started'));
    await recordErasureStep(db.client, step(subject, 1_000, 'completed'));
    await recordErasureStep(db.client, step(subject, 5_000, 'started'));
    await recordErasureStep(db.client, step('c'.repeat(64), 2_000, 'started'));
    expect(await erasureTombstones(db.client)).toEqual(
      new Map([
        [subject, 5_000],
        ['c'.repeat(64), 2_000],
      ]),
    );
  });
});
