import { parseArgs } from 'node:util';
import { fitClvFromHistory, recordModelFit } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv, redisEnv } from '@loyalty/config';
import type { ClvModelRecord } from '@loyalty/core';
import { ClvModelStore, KeyLayout } from '@loyalty/redis-store';
import { z } from 'zod';
import { withDatabase } from '../clickhouse.js';
import { type Command, EXIT, requireAction, UsageError } from '../command.js';
import { formatTable } from '../output-format.js';
import { withRedis } from '../redis.js';

const USAGE = `usage: loyalty model fit --cutoff YYYY-MM-DD [--json]

  fit  fit the lifetime-value models on the purchase history in ClickHouse up to the end of
       the cut-off day (UTC): BG/NBD (Fader, Hardie & Lee 2005; x, t_x, T in weeks, the sales
       of one day are one purchase) on every customer, Gamma-Gamma on the mean spend of the
       repeat purchases (in major units, minor / 100). Sales only; copies of an event count
       once. The fit is appended to the model_fits table and becomes the model in Redis,
       which every aggregator picks up within AGGREGATOR_MODEL_REFRESH_MS.

  --cutoff  the last day of the calibration period
  --json    print the stored record as JSON instead of a table

ClickHouse: CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE.
Redis: REDIS_URL, REDIS_KEY_PREFIX.`;

const FitOptionsSchema = z.strictObject({
  cutoff: z.iso.date({ error: '--cutoff must be a day of the form YYYY-MM-DD' }),
  json: z.boolean(),
});

const SIGNIFICANT_DIGITS = 6;

function modelTable(record: ClvModelRecord) {
  const value = (n: number) => Number(n.toPrecision(SIGNIFICANT_DIGITS));
  const { bgnbd, gammaGamma } = record;
  const rows = [
    ...Object.entries(bgnbd).map(([parameter, n]) => ({ model: 'BG/NBD', parameter, value: value(n) })),
    { model: 'BG/NBD', parameter: 'customers', value: record.sampleSize },
    { model: 'BG/NBD', parameter: 'log-likelihood', value: value(record.logLikelihood) },
    ...Object.entries(gammaGamma).map(([parameter, n]) => ({
      model: 'Gamma-Gamma',
      parameter,
      value: value(n),
    })),
    { model: 'Gamma-Gamma', parameter: 'customers', value: record.repeatSampleSize },
    { model: 'Gamma-Gamma', parameter: 'log-likelihood', value: value(record.gammaGammaLogLikelihood) },
  ];
  return formatTable({ columns: ['model', 'parameter', 'value'], rows });
}

/** `loyalty model fit`: the CLV models fitted on the history, stored for the aggregators. */
export const modelCommand: Command = {
  name: 'model',
  env: [clickhouseEnv, redisEnv],
  summary: 'fit the lifetime-value models on the history and put them in use (model fit)',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { cutoff: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    requireAction(positionals, 'fit');
    if (values.cutoff === undefined) throw new UsageError('missing --cutoff');
    const options = FitOptionsSchema.safeParse(values);
    if (!options.success) throw new UsageError(options.error.issues[0]?.message ?? 'invalid options');
    const { cutoff, json } = options.data;
    // Read before the fit, so that a bad variable fails at once rather than after it.
    const redisConfig = parseEnv(redisEnv, io.env);

    // Whole seconds: model_fits keeps DateTime to the second, and both stores then hold the same time.
    const fittedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    // Connected before the fit, so that a Redis out of reach fails the command before a fit is
    // recorded that could not be put in use.
    const record = await withRedis(redisConfig, async (redis) => {
      const fit = await withDatabase(io, async (clickhouse) => {
        const fitted = await fitClvFromHistory(clickhouse, cutoff, fittedAt);
        await recordModelFit(clickhouse, fitted);
        return fitted;
      });
      await new ClvModelStore(redis, redisConfig.REDIS_KEY_PREFIX).save(fit);
      return fit;
    });

    if (json) {
      io.stdout(`${JSON.stringify(record, null, 2)}\n`);
      return EXIT.ok;
    }
    const key = new KeyLayout(redisConfig.REDIS_KEY_PREFIX).model();
    io.stdout(
      `CLV model on the history to ${cutoff}, fitted at ${fittedAt}; in use from Redis ${key}, recorded in model_fits\n\n`,
    );
    io.stdout(modelTable(record));
    return EXIT.ok;
  },
};
