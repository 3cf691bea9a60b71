// What `loyalty model fit` and `loyalty cdnow replay` say when they cannot do their work.
import { createClickHouseClient, migrate, openDatabase, quoteIdentifier } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { uniqueName } from '@loyalty/testkit';
import { connectClickHouse, connectKafka } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const database = uniqueName('cli_model', '_');
const env = { ...process.env, CLICKHOUSE_DATABASE: database, REDIS_KEY_PREFIX: `${uniqueName('cli', ':')}:` };

function loyaltyWith(overrides: Record<string, string>, ...argv: string[]): Promise<CliRun> {
  return runCli({ ...env, ...overrides }, argv);
}

const loyalty = (...argv: string[]) => loyaltyWith({}, ...argv);

describe('model fit and cdnow replay, when they cannot run', () => {
  beforeAll(async () => {
    await (await connectClickHouse()).close();
  });
  afterAll(async () => {
    const admin = createClickHouseClient(parseEnv(clickhouseEnv, env), undefined);
    await admin.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    await admin.close();
  });

  it.each([
    [['model'], 'missing action'],
    [['model', 'fit'], 'missing --cutoff'],
    [['model', 'fit', '--cutoff', '1997-02-30'], '--cutoff must be a day of the form YYYY-MM-DD'],
    [['model', 'fit', '--cutoff', '1997-09-30', 'now'], 'unexpected argument "now"'],
    [['cdnow', 'play'], 'unknown action "play"'],
    [['cdnow', 'replay', '--namespace', 'a/b'], '--namespace takes letters, digits, ".", "_" or "-"'],
  ])('loyalty %j is a usage error: %s', async (argv, message) => {
    const { code, err } = await loyalty(...argv);
    expect(code).toBe(2);
    expect(err).toBe(`loyalty ${argv[0]}: ${message}; see \`loyalty ${argv[0]} --help\`\n`);
  });

  it('tells to migrate a database without tables, and says when there is nothing to fit', async () => {
    const unmigrated = await loyalty('model', 'fit', '--cutoff', '1997-09-30');
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.err).toContain('run `loyalty db migrate` first');

    const client = await openDatabase(parseEnv(clickhouseEnv, env));
    await migrate(client);
    await client.close();
    expect(await loyalty('model', 'fit', '--cutoff', '1997-09-30')).toEqual({
      code: 1,
      out: '',
      err: 'loyalty model: no sales on or before 1997-09-30: nothing to fit\n',
    });
  });

  it('fails, naming Redis, when Redis is out of reach', async () => {
    const result = await loyaltyWith(
      { REDIS_URL: 'redis://127.0.0.1:1' },
      'model',
      'fit',
      '--cutoff',
      '1997-09-30',
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^loyalty model: Redis at 127.0.0.1:1 is not reachable: .*ECONNREFUSED/);
  });

  it('names a missing file and a missing topic', async () => {
    const noFile = await loyalty('cdnow', 'replay', '--file', '/nonexistent/CDNOW_sample.txt');
    expect(noFile.code).toBe(1);
    expect(noFile.err).toContain('cannot read the CDNOW sample at /nonexistent/CDNOW_sample.txt');

    await connectKafka();
    const namespace = `${uniqueName('absent')}.`;
    const noTopic = await loyalty('cdnow', 'replay', '--namespace', namespace);
    expect(noTopic.code).toBe(1);
    expect(noTopic.err).toContain(`topic ${namespace}loyalty.purchases.v1 missing on the broker`);
  });
});
