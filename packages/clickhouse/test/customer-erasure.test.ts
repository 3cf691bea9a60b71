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
        control_group: null,
      },
    ],
    wallet_estimates: [
      {
        ...event,
        source: 'survey',
        currency: 'EUR',
        wallet_minor: 250_000,
        method: referred === null ? 'survey' : 'panel',
        segment_id: referred === null ? null : 'panel-cell-3',
      },
    ],
    tier_changes: [
      {
        ...event,
        correction: 0,
        previous_tier: null,
        new_tier: 'iron',
        direction: 'initial',
        reason: 'first sale',
        qualifying_spend_minor: 1_000,
        currency: 'EUR',
      },
    ],
    stage_changes: [
      { ...event, correction: 0, previous_stage: null, new_stage: 'first_time', reason: 'first sale' },
    ],
    churn_signals: [
      {
        ...event,
        correction: 0,
        previous_level: null,
        new_level: 'low',
        score: 0.1,
        p_alive: 0.9,
        drivers: [],
        expected_purchases_90d: null,
        clv: null,
      },
    ],
    wallet_share_changes: [
      {
        ...event,
        correction: 0,
        previous_band: null,
        new_band: 'medium',
        share: 0.004,
        spend_minor: 1_000,
        wallet_minor: 250_000,
        currency: 'EUR',
      },
    ],
    pyramid_level_changes: [
      {
        ...event,
        correction: 0,
        previous_level: null,
        new_level: 'iron',
        value_minor: 1_000,
        platinum_cutoff_minor: 48_000,
        gold_cutoff_minor: 9_500,
        iron_cutoff_minor: 990,
        customers: 120,
        currency: 'EUR',
      },
    ],
  };
}

// Offsets must differ: dead letters with the same source collapse into one on merge.
function deadLetter(
  offset: number,
  key: string | null,
  payload: string,
  message = 'invalid',
  encoding: 'utf8' | 'base64' = 'utf8',
): TableRows {
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
        payload_encoding: encoding,
        rejected_at: AT,
      },
    ],
  };
}

// The error text of a key mismatch (acceptInput of @loyalty/contracts).
function keyMismatch(key: string): string {
  return `message key ${JSON.stringify(key)} is not the event's customerId`;
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
    await insertAll(
      db,
      deadLetter(2, 'wrong-key', `{"customerId":${JSON.stringify(erased)}}`, keyMismatch('wrong-key')),
    );
    await insertAll(
      db,
      deadLetter(3, erased, `{"customerId":${JSON.stringify(other)}}`, keyMismatch(erased)),
    );
    await insertAll(db, deadLetter(4, other, `{"customerId":${JSON.stringify(other)}}`));
    // A rejected referral of the erased customer: the payload cannot be edited, so it goes.
    await insertAll(
      db,
      deadLetter(5, other, JSON.stringify({ customerId: other, referredCustomerId: erased }, null, 2)),
    );
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
      wallet_estimates: [2, 0],
      tier_changes: [2, 0],
      stage_changes: [2, 0],
      churn_signals: [2, 0],
      wallet_share_changes: [2, 0],
      pyramid_level_changes: [2, 0],
      dead_letters: [4, 0],
    });
    expect(await clickhouseTraces(db.client, erased)).toEqual([]);
  });

  it("keeps other customers' rows, the referral itself included", async () => {
    for (const table of ['purchases', 'tier_changes', 'campaign_responses', 'wallet_estimates']) {
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

describe('eraseCustomerRows of ids equal to common field values', () => {
  // Ids that other customers' rows hold as values of other fields: a type, a kind, a channel,
  // a currency. The erasure must find only the customer's own rows.
  const WORDS = ['purchase', 'sale', 'pos', 'email', 'EUR'] as const;
  const other = uniqueName('cus_other', '_');
  const friend = uniqueName('cus_friend', '_');
  let db: FreshDatabase;
  // Offsets of dead letters that must survive every erasure.
  const surviving: number[] = [];
  let offset = 0;

  async function deadLetterOf(
    owner: 'other' | 'word',
    key: string | null,
    payload: string,
    message = 'invalid',
    encoding: 'utf8' | 'base64' = 'utf8',
  ): Promise<void> {
    offset += 1;
    if (owner === 'other') surviving.push(offset);
    await insertAll(db, deadLetter(offset, key, payload, message, encoding));
  }

  const purchase = (customerId: string) =>
    JSON.stringify({
      type: 'purchase',
      eventId: `e-${customerId}`,
      customerId,
      occurredAt: '2026-02-01T10:00:00Z',
      source: 'pos',
      orderId: 'o1',
      kind: 'sale',
      channel: 'pos',
      currency: 'EUR',
      totalMinor: -1,
    });

  beforeAll(async () => {
    db = await freshDatabase('erasure_words');
    await migrate(db.client);
    await insertAll(db, historyOf(other, 'x1', null));
    await insertAll(db, historyOf(friend, 'f1', null));
    // Every word as a field value, a field name, in the error text, in a longer id, in text
    // that is no JSON, with spaces around the colons, and in a key mismatch between two others.
    await deadLetterOf('other', other, purchase(other), 'currency EUR is not the base currency USD');
    await deadLetterOf('other', other, JSON.stringify(JSON.parse(purchase(other)), null, 2), 'kind: "sale"');
    await deadLetterOf(
      'other',
      other,
      JSON.stringify({ type: 'campaign_response', customerId: other, channel: 'email', response: 'opened' }),
      'unknown type "purchase"; known types: purchase, complaint, campaign_response',
    );
    await deadLetterOf(
      'other',
      other,
      JSON.stringify({ customerId: other, purchase: { sale: 'pos' }, email: 'EUR', EUR: 1 }),
    );
    await deadLetterOf('other', friend, purchase(other), keyMismatch(friend));
    await deadLetterOf('other', 'EUR-1', purchase('EUR-1'));
    await deadLetterOf(
      'other',
      other,
      JSON.stringify({ customerId: other, referredCustomerId: `${friend}-purchase` }),
    );
    await deadLetterOf('other', null, 'purchase sale pos email EUR', 'invalid JSON: Unexpected token');
    await deadLetterOf('other', null, '"purchase"', '(root): expected a JSON object, received string');
    await deadLetterOf(
      'other',
      other,
      Buffer.from(`{"customerId":"${other}","type":"purchase","currency":"EUR"}\xff`, 'latin1').toString(
        'base64',
      ),
      'message is not valid UTF-8',
      'base64',
    );

    for (const [i, word] of WORDS.entries()) {
      await insertAll(db, historyOf(word, `w${i}`, null));
      await deadLetterOf('word', word, purchase(word));
      // A key mismatch: the payload is the customer's, the key someone else's.
      await deadLetterOf('word', `${other}-${i}`, purchase(word), keyMismatch(`${other}-${i}`));
      await deadLetterOf('word', null, `{\n  "customerId" : ${JSON.stringify(word)}\n}`);
      // A rejected referral naming the customer.
      await deadLetterOf(
        'word',
        other,
        JSON.stringify({ type: 'campaign_response', customerId: other, referredCustomerId: word }),
      );
      await deadLetterOf('word', word, Buffer.from('\xff\xfe', 'latin1').toString('base64'), 'x', 'base64');
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(WORDS.map((word, i) => [word, i] as const))('erases %s and no one else', async (word, i) => {
    const before = await countWhere(db, 'dead_letters', '1');
    const result = await eraseCustomerRows(db.client, word, String(i).repeat(64));
    expect(result.rowsRemaining).toBe(0);
    const byTable = Object.fromEntries(result.tables.map((t) => [t.table, [t.rowsDeleted, t.valuesCleared]]));
    expect(byTable).toEqual({
      purchases: [1, 0],
      purchase_lines: [1, 0],
      complaints: [1, 0],
      campaign_responses: [1, 0],
      wallet_estimates: [1, 0],
      tier_changes: [1, 0],
      stage_changes: [1, 0],
      churn_signals: [1, 0],
      wallet_share_changes: [1, 0],
      pyramid_level_changes: [1, 0],
      dead_letters: [5, 0],
    });
    expect(await countWhere(db, 'dead_letters', '1')).toBe(before - 5);
    expect(await countWhere(db, 'purchases', `customer_id = '${word}'`)).toBe(0);
  });

  it("keeps every other customer's rows", async () => {
    const offsets = await selectRows<{ source_offset: string }>(
      db.client,
      'SELECT source_offset FROM dead_letters ORDER BY toUInt64(source_offset)',
    );
    expect(offsets.map((r) => Number(r.source_offset))).toEqual(surviving);
    for (const table of [
      'purchases',
      'purchase_lines',
      'complaints',
      'campaign_responses',
      'wallet_estimates',
      'tier_changes',
    ]) {
      expect(await countWhere(db, table, `customer_id IN ('${other}', '${friend}')`)).toBe(2);
      expect(await countWhere(db, table, '1')).toBe(2);
    }
  });
});
