import { parseArgs } from 'node:util';
import { dayRange, isReportName, REPORTS, reportContext } from '@loyalty/clickhouse';
import { clickhouseEnv } from '@loyalty/config';
import { withDatabase } from '../clickhouse.js';
import { type Command, EXIT, noMoreArguments, UsageError } from '../command.js';
import { FORMATS, formatReport, isOutputFormat } from '../output-format.js';

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

Duplicates delivered by Kafka never count: every report reads the deduplicated history.`;

/** `loyalty report <name>`: an analyst's report from the ClickHouse history. */
export const reportCommand: Command = {
  name: 'report',
  env: [clickhouseEnv],
  summary: `run a report: ${Object.keys(REPORTS).join(', ')}`,
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
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
    const table = await withDatabase(io, async (client) =>
      REPORTS[name].run(await reportContext(client), range),
    );
    const rows = limit === undefined ? table.rows : table.rows.slice(0, limit);
    io.stdout(formatReport({ columns: table.columns, rows }, values.format));
    return EXIT.ok;
  },
};
