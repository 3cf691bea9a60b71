// The simulator's win-back experiments, stored as the sink stores them, measured by
// `loyalty report win-back-uplift`: the simulator knows the true effect (a lapsed customer never
// buys on their own, a treated one buys on the offer with probability WIN_BACK_EFFECT), and the
// report's 95% interval must contain it.
import {
  insertRows,
  migrate,
  openDatabase,
  quoteIdentifier,
  reportContext,
  type TableRows,
  winBackUpliftReport,
} from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { InputEventSchema } from '@loyalty/contracts';
import { generateTraffic, WIN_BACK_EFFECT } from '@loyalty/simulator';
import { uniqueName } from '@loyalty/testkit';
import { describe, expect, it } from 'vitest';
import { eventDateTime } from '../src/rows/event-time.js';
import { inputRows } from '../src/rows/input-rows.js';

describe('a simulated win-back experiment', () => {
  it('is measured with the true uplift inside its interval', { timeout: 120_000 }, async () => {
    const database = uniqueName('winback', '_');
    const client = await openDatabase({
      ...parseEnv(clickhouseEnv, process.env),
      CLICKHOUSE_DATABASE: database,
    });
    try {
      await migrate(client);
      const rows: Required<Pick<TableRows, 'purchases' | 'campaign_responses'>> = {
        purchases: [],
        campaign_responses: [],
      };
      for (const message of generateTraffic({
        customers: 2_000,
        seed: 42,
        start: '2025-01-01',
        durationDays: 365,
      })) {
        const event = InputEventSchema.parse(JSON.parse(message.value.toString()));
        if (event.type === 'complaint') continue;
        const made = inputRows(event, eventDateTime(event.occurredAt) ?? '');
        rows.purchases.push(...(made.purchases ?? []));
        rows.campaign_responses.push(...(made.campaign_responses ?? []));
      }
      await insertRows(client, 'purchases', rows.purchases);
      await insertRows(client, 'campaign_responses', rows.campaign_responses);

      const [all] = await winBackUpliftReport(await reportContext(client), {});
      console.info('simulated win-back experiment', { trueEffect: WIN_BACK_EFFECT, measured: all });
      expect(all?.churnLevel).toBe('all');
      expect(all?.treated).toBeGreaterThan(200);
      expect(all?.control).toBeGreaterThan(50);
      // Lapsed customers in the control group never buy: the uplift is the treated rate.
      expect(all?.controlConversion).toBe(0);
      const interval = all?.conversionUpliftInterval;
      expect(interval?.low).toBeLessThan(WIN_BACK_EFFECT);
      expect(interval?.high).toBeGreaterThan(WIN_BACK_EFFECT);
      expect(all?.revenueUpliftInterval?.low).toBeGreaterThan(0);
    } finally {
      await client.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
      await client.close();
    }
  });
});
