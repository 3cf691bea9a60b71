import { parseArgs } from 'node:util';
import type { ClickHouseClient } from '@clickhouse/client';
import { loadRules } from '@loyalty/aggregator';
import { dayRange, isReportName, REPORTS, reportContext, selectRows } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { withDatabase } from '../clickhouse.js';
import { type Command, EXIT, noMoreArguments, UsageError, withNegativeValuesJoined } from '../command.js';
import { FORMATS, formatReport, isOutputFormat } from '../output-format.js';
import { rulesFileEnv } from '../rules-file.js';

const NAME_WIDTH = Math.max(...Object.keys(REPORTS).map((name) => name.length));

const USAGE = `usage: loyalty report <name> [--format table|csv|json] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N]

reports:
${Object.entries(REPORTS)
  .map(([name, report]) => `  ${name.padEnd(NAME_WIDTH)}  ${report.description}`)
  .join('\n')}

  --format  table (default), csv or json
  --from    first day included (UTC), by event time (dead-letters: rejection time)
  --to      last day included (UTC); rfm measures recency to the end of this day (default: now)
  --limit   print at most N rows

Duplicates delivered by Kafka never count: every report reads the deduplicated history.
value-pyramid takes its shares, share-of-wallet its window and bands, from the rules file of
LOYALTY_RULES_FILE, as the aggregator; both read the history as of the end of --to (now without it).`;

/** `loyalty report <name>`: an analyst's report from the ClickHouse history. */
export const reportCommand: Command = {
  name: 'report',
  env: [clickhouseEnv, rulesFileEnv],
  summary: `run a report: ${Object.keys(REPORTS).join(', ')}`,
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: withNegativeValuesJoined(args, ['--limit']),
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'table' },
        from: { type: 'string' },
        to: { type: 'string' },
        limit: { type: 'string' },
      },
    });
    const [name, ...extra] = positionals;
    if (name === undefined) throw new UsageError('missing report name');
    if (!isReportName(name)) throw new UsageError(`unknown report ${JSON.stringify(name)}`);
    noMoreArguments(extra);
    if (!isOutputFormat(values.format)) {
      throw new UsageError(
        `--format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`,
      );
    }
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
      throw new UsageError(`--limit must be a positive integer, not ${JSON.stringify(values.limit)}`);
    }
    let range: ReturnType<typeof dayRange>;
    try {
      range = dayRange(values.from, values.to);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const rules = loadRules(parseEnv(rulesFileEnv, io.env).LOYALTY_RULES_FILE);
    const { table, span } = await withDatabase(io, async (client) => {
      const found = await REPORTS[name].run(await reportContext(client), range, rules);
      // An empty report says why: the range, and where the history lies.
      return { table: found, span: found.rows.length === 0 ? await historySpan(client) : undefined };
    });
    const rows = limit === undefined ? table.rows : table.rows.slice(0, limit);
    io.stdout(formatReport({ columns: table.columns, rows }, values.format));
    if (span !== undefined) io.stderr(`loyalty report ${name}: no rows ${describeRange(values)}; ${span}\n`);
    return EXIT.ok;
  },
};

function describeRange({ from, to }: { from?: string | undefined; to?: string | undefined }): string {
  if (from === undefined && to === undefined) return 'in the whole history';
  if (from === undefined) return `up to ${to}`;
  return to === undefined ? `from ${from}` : `from ${from} to ${to}`;
}

/** Where the purchase history lies, in words. */
async function historySpan(client: ClickHouseClient): Promise<string> {
  const [row] = await selectRows<{ n: string; first: string; last: string }>(
    client,
    'SELECT count() AS n, toDate(min(occurred_at)) AS first, toDate(max(occurred_at)) AS last FROM purchases',
  );
  return Number(row?.n ?? 0) === 0
    ? 'the purchase history is empty (is the history sink running?)'
    : `the purchase history runs from ${row?.first} to ${row?.last}`;
}
