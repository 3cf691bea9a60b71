import { parseArgs } from 'node:util';
import { type CustomerValues, loadRules, readLivePyramid } from '@loyalty/aggregator';
import { erasureEnv, kafkaEnv, parseEnv, redisEnv } from '@loyalty/config';
import { BUCKET_RELATIVE_ACCURACY, PYRAMID_LEVELS, type PyramidLevel } from '@loyalty/core';
import { CustomerStore } from '@loyalty/redis-store';
import { z } from 'zod';
import { type Command, EXIT, noMoreArguments } from '../command.js';
import { withRedis } from '../redis.js';
import { rulesFileEnv } from '../rules-file.js';

const USAGE = `usage: loyalty pyramid [--json]

Prints the value pyramid as the aggregator keeps it live: every customer with a sale counted in
a bucket of their trailing qualifying spend (buckets ${BUCKET_RELATIVE_ACCURACY * 100} % wide, one sketch per shard in
Redis, merged here), the cut-off values where platinum, gold and iron start under the rules'
pyramid shares, and how many customers each level holds. \`loyalty report value-pyramid\` ranks
the history in ClickHouse exactly.

  --json  one JSON document instead of text

Reads the REDIS_* variables, LOYALTY_TOPIC_PARTITIONS and LOYALTY_RULES_FILE.`;

/** The environment the live pyramid is read with: Redis, the shard count, the rules. */
export const livePyramidEnv = redisEnv
  .extend(z.object({ LOYALTY_TOPIC_PARTITIONS: kafkaEnv.shape.LOYALTY_TOPIC_PARTITIONS }).shape)
  .extend(rulesFileEnv.shape);

const money = (minor: number) => (minor / 100).toFixed(2);

export const pyramidCommand: Command = {
  name: 'pyramid',
  env: [livePyramidEnv],
  summary: "show the live value pyramid: the aggregator's sketch, its cut-off values and levels",
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean', default: false } },
    });
    noMoreArguments(positionals);
    const env = parseEnv(livePyramidEnv, io.env);
    const rules = loadRules(env.LOYALTY_RULES_FILE);
    return withRedis(env, async (redis) => {
      const store = new CustomerStore<CustomerValues>(redis, {
        prefix: env.REDIS_KEY_PREFIX,
        maxHistoryEntries: 1,
        erasureSecret: parseEnv(erasureEnv, io.env).LOYALTY_ERASURE_SECRET,
      });
      const pyramid = await readLivePyramid(store, env.LOYALTY_TOPIC_PARTITIONS, rules.pyramid);
      if (values.json) {
        io.stdout(`${JSON.stringify({ relativeAccuracy: BUCKET_RELATIVE_ACCURACY, ...pyramid }, null, 2)}\n`);
        return EXIT.ok;
      }
      const { cutoffs } = pyramid;
      const from = (level: PyramidLevel) =>
        cutoffs === undefined ? '-' : level === 'lead' ? 'the rest' : `from ${money(cutoffs.values[level])}`;
      io.stdout(
        [
          `customers ${pyramid.customers} in ${pyramid.buckets} buckets of qualifying spend`,
          ...PYRAMID_LEVELS.map(
            (level) => `${level.padEnd(9)} ${String(pyramid.levels[level]).padStart(8)}  ${from(level)}`,
          ),
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    });
  },
};
