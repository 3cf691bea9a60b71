// The command line against a fresh database on the local stack, in-process.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClickHouseClient,
  insertRows,
  type PurchaseRow,
  quoteIdentifier,
  TABLES,
  type TierChangeRow,
} from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { uniqueName } from '@loyalty/testkit';
import { connectClickHouse } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { type CliRun, runCli } from './run-cli.js';

const env = { ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: uniqueName('cli', '_') };

function loyalty(...argv: string[]): Promise<CliRun> {
  return runCli({ ...process.env, CLICKHOUSE_DATABASE: env.CLICKHOUSE_DATABASE }, argv);
}

function sale(customer: string, totalMinor: number): PurchaseRow {
  return {
    event_id: `e-${customer}`,
    customer_id: customer,
    occurred_at: '2026-02-01 10:00:00',
    source: 'pos',
    order_id: `o-${customer}`,
    kind: 'sale',
    return_of_order_id: null,
    channel: 'pos',
    store_id: null,
    currency: 'EUR',
    total_minor: totalMinor,
    discount_minor: 0,
    net_minor: totalMinor,
    line_count: 1,
  };
}

function tierChange(customer: string, correction: 0 | 1): TierChangeRow {
  return {
    event_id: `t-${customer}`,
    customer_id: customer,
    occurred_at: '2026-02-01 10:00:00',
    correction,
    previous_tier: 'lead',
    new_tier: 'iron',
    direction: 'upgrade',
    reason: 'qualifying_spend',
    qualifying_spend_minor: 100_000,
    currency: 'EUR',
  };
}

describe('loyalty CLI', () => {
  beforeAll(async () => {
    await (await connectClickHouse()).close();
  });
  afterAll(async () => {
    const admin = createClickHouseClient(env, undefined);
    await admin.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(env.CLICKHOUSE_DATABASE)}` });
    await admin.close();
  });

  it('db migrate applies once, then finds everything applied; db status lists it', async () => {
    const first = await loyalty('db', 'migrate');
    expect(first.code).toBe(0);
    expect(first.out).toContain('001_purchases: applied\n');
    const second = await loyalty('db', 'migrate');
    expect(second.out).not.toContain(': applied\n');
    expect(second.out).toContain('001_purchases: already applied\n');
    const status = await loyalty('db', 'status');
    expect(status.out).toMatch(/^001_purchases: applied \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/m);
  });

  it('report prints tables, CSV and JSON, within a date range and a limit', async () => {
    const client = createClickHouseClient(env, env.CLICKHOUSE_DATABASE);
    await insertRows(client, TABLES.purchases, [sale('a', 8000), sale('b', 1500), sale('c', 500)]);
    await client.close();
    const csv = await loyalty(
      'report',
      'pareto',
      '--format',
      'csv',
      '--from',
      '2026-02-01',
      '--to',
      '2026-02-01',
    );
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n').slice(0, 3)).toEqual([
      'top_percent,customers,net_minor,share',
      '10,1,8000,0.8',
      '20,1,8000,0.8',
    ]);
    const json = await loyalty('report', 'rfm', '--format', 'json', '--to', '2026-02-28', '--limit', '1');
    // Three customers who bought once on the same day tie on R and F: the middle score, 3, for
    // each (not the lowest); a has the highest spend of three: p = 2.5 / 3 -> M 5; FM 4: loyal.
    expect(JSON.parse(json.out)).toEqual([
      {
        customer_id: 'a',
        recency_days: 27,
        frequency: 1,
        monetary_minor: 8000,
        r: 3,
        f: 3,
        m: 5,
        segment: 'loyal',
      },
    ]);
    const table = await loyalty('report', 'dead-letters');
    // An empty report says so, and where the history lies, on stderr.
    expect(table).toEqual({
      code: 0,
      out: '(no rows)\n',
      err: 'loyalty report dead-letters: no rows in the whole history; the purchase history runs from 2026-02-01 to 2026-02-01\n',
    });
    const later = await loyalty('report', 'pareto', '--from', '2027-01-01');
    expect(later).toMatchObject({ code: 0, out: '(no rows)\n' });
    expect(later.err).toBe(
      'loyalty report pareto: no rows from 2027-01-01; the purchase history runs from 2026-02-01 to 2026-02-01\n',
    );
  });

  it('report tier-flow counts corrections apart from changes, and its help says so', async () => {
    const client = createClickHouseClient(env, env.CLICKHOUSE_DATABASE);
    await insertRows(client, TABLES.tierChanges, [
      tierChange('a', 0),
      tierChange('b', 0),
      tierChange('c', 1),
    ]);
    await client.close();
    const table = await loyalty('report', 'tier-flow');
    expect(table.code).toBe(0);
    expect(table.out.split('\n').slice(0, 3)).toEqual([
      'month    from_tier  to_tier  direction  changes  corrections  customers',
      '-------  ---------  -------  ---------  -------  -----------  ---------',
      '2026-02  lead       iron     upgrade          2            1          3',
    ]);
    expect((await loyalty('help', 'report')).out).toMatch(/tier-flow .*corrections after late input apart/);
  });

  it('report share-of-wallet takes its window and bands from the rules file', async () => {
    const client = createClickHouseClient(env, env.CLICKHOUSE_DATABASE);
    await insertRows(client, TABLES.purchases, [sale('w-a', 8000), sale('w-b', 1500)]);
    await insertRows(
      client,
      TABLES.walletEstimates,
      [
        ['w-a', 20_000],
        ['w-b', 3_000],
      ].map(([customer, walletMinor]) => ({
        event_id: `w-${customer}`,
        customer_id: String(customer),
        occurred_at: '2026-01-15 10:00:00',
        source: 'survey-tool',
        currency: 'EUR',
        wallet_minor: Number(walletMinor),
        method: 'survey',
        segment_id: null,
      })),
    );
    await client.close();
    const dir = await mkdtemp(join(tmpdir(), 'cli-rules-'));
    const bands = async (wallet: Record<string, number> | undefined) => {
      const rulesFile = join(dir, 'rules.json');
      await writeFile(rulesFile, JSON.stringify({ wallet }));
      const run = await runCli(
        {
          ...process.env,
          CLICKHOUSE_DATABASE: env.CLICKHOUSE_DATABASE,
          ...(wallet === undefined ? {} : { LOYALTY_RULES_FILE: rulesFile }),
        },
        ['report', 'share-of-wallet', '--format', 'json', '--to', '2026-02-28'],
      );
      expect(run.code).toBe(0);
      const rows = JSON.parse(run.out) as { breakdown: string; group: string; customers: number }[];
      return rows.filter((row) => row.breakdown === 'band').map((row) => `${row.group} ${row.customers}`);
    };
    try {
      // w-a 8,000 of 20,000 (0.4), w-b 1,500 of 3,000 (0.5).
      expect(await bands(undefined)).toEqual(['low 0', 'medium 1', 'high 1']);
      expect(await bands({ mediumShare: 0.45, highShare: 0.6 })).toEqual(['low 1', 'medium 1', 'high 0']);
      // A week before the end of February holds neither sale of February 1st.
      expect(await bands({ windowDays: 7 })).toEqual(['low 2', 'medium 0', 'high 0']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tells to migrate when the tables are missing', async () => {
    const database = uniqueName('cli_empty', '_');
    let err = '';
    const code = await main(['report', 'rfm'], {
      env: { ...process.env, CLICKHOUSE_DATABASE: database },
      stdout: () => undefined,
      stderr: (text) => {
        err += text;
      },
    });
    const admin = createClickHouseClient(env, undefined);
    await admin.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    await admin.close();
    expect(code).toBe(1);
    expect(err).toContain('run `loyalty db migrate` first');
  });

  it('explains wrong arguments with the usage and exit code 2', async () => {
    for (const argv of [
      ['report', 'nonsense'],
      ['report', 'rfm', '--format', 'xml'],
      ['report', 'rfm', '--from', '2026-02-30'],
      ['report', 'rfm', '--from', '2026-03-01', '--to', '2026-02-01'],
      ['report', 'rfm', '--bogus'],
      ['report', 'rfm', '--limit', '-3'],
      ['report', 'rfm', '--to', '2200-01-01'],
      ['report', 'rfm', '--to', '9999-12-31'],
      ['db', 'drop'],
    ]) {
      const run = await loyalty(...argv);
      expect([argv, run.code]).toEqual([argv, 2]);
      // One line that says what is wrong and where the usage is.
      expect(run.err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(run.err).toContain(`see \`loyalty ${argv[0]} --help\``);
    }
    expect((await loyalty('frobnicate')).code).toBe(2);
    const help = await loyalty('help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('report');
    expect((await loyalty('help', 'report')).out).toContain('--format');
  });

  it("prints a command's usage for --help or -h anywhere in its arguments, and connects to nothing", async () => {
    // An unreachable server: help must not try it.
    const offline = {
      ...process.env,
      CLICKHOUSE_URL: 'http://127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:1',
    };
    for (const argv of [
      ['report', '--help'],
      ['report', 'rfm', '--help'],
      ['report', 'rfm', '--from', '2026-01-01', '-h'],
      ['customer', '--help'],
      ['db', 'migrate', '--help'],
    ]) {
      const run = await runCli(offline, argv);
      expect([argv, run.code, run.err]).toEqual([argv, 0, '']);
      expect(run.out).toContain(`usage: loyalty ${argv[0]}`);
    }
  });

  it('tells its version', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await loyalty(flag);
      expect(run).toEqual({ code: 0, out: expect.stringMatching(/^loyalty \d+\.\d+\.\d+\n$/), err: '' });
    }
  });
});
