import { parseArgs } from 'node:util';
import { createErasureAvroEncoder, registryConnection } from '@loyalty/avro';
import {
  clickhouseEnv,
  erasureEnv,
  kafkaEnv,
  outputFormatEnv,
  parseEnv,
  pickEnv,
  pipelineEnv,
  redisEnv,
  registryEnv,
} from '@loyalty/config';
import { IdSchema, namespacedTopics } from '@loyalty/contracts';
import { z } from 'zod';
import { withDatabase } from '../clickhouse.js';
import { type CliIo, EXIT, noMoreArguments, UsageError } from '../command.js';
import { eraseCustomer } from '../erasure/erase-customer.js';
import { erasureText } from '../erasure/erasure-text.js';
import { assertTopicsExist, cliKafka } from '../kafka.js';
import { withRedis } from '../redis.js';

/** What `loyalty customer erase` reads: every store it erases from, and the topics it announces on. */
export const eraseEnv = kafkaEnv
  .extend(redisEnv.shape)
  .extend(clickhouseEnv.shape)
  .extend(pipelineEnv.shape)
  .extend(erasureEnv.shape)
  .extend(registryEnv.shape)
  .extend(outputFormatEnv.shape);

const EraseArgumentsSchema = z.object({
  customerId: IdSchema,
  by: z
    .string()
    .trim()
    .min(1, { error: 'say who erases with --by <operator> (it defaults to USER, which is not set)' })
    .max(128, { error: '--by takes at most 128 characters' }),
  json: z.boolean(),
});

/** `loyalty customer erase <id> [--by <operator>] [--json]`: the customer erased everywhere. */
export async function customerErase(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { by: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [customerId, ...extra] = positionals;
  if (customerId === undefined) throw new UsageError('missing customer id');
  noMoreArguments(extra);
  const parsed = EraseArgumentsSchema.safeParse({
    customerId,
    by: values.by ?? io.env.USER ?? '',
    json: values.json,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      issue?.path[0] === 'customerId'
        ? 'a customer id has 1 to 128 characters'
        : (issue?.message ?? 'invalid'),
    );
  }
  const env = parseEnv(eraseEnv, io.env);
  const topics = namespacedTopics(env.LOYALTY_TOPIC_NAMESPACE);
  const topic = topics.erasures;
  const kafka = cliKafka(env, io);
  // Checked before anything is deleted, so that a missing topic or an unregistered Avro schema
  // cannot leave an erasure unannounced.
  await assertTopicsExist(kafka, [topic, topics.customerState]);
  const encodeEvent =
    env.LOYALTY_OUTPUT_FORMAT === 'avro'
      ? await createErasureAvroEncoder(registryConnection(env.REGISTRY_URL), topics)
      : undefined;

  const summary = await withDatabase(io, (clickhouse) =>
    withRedis(pickEnv(redisEnv, env), (redis) =>
      eraseCustomer(
        {
          customerId: parsed.data.customerId,
          erasedBy: parsed.data.by,
          erasedAtMs: Date.now(),
          secret: env.LOYALTY_ERASURE_SECRET,
          redisPrefix: env.REDIS_KEY_PREFIX,
          shardCount: env.LOYALTY_TOPIC_PARTITIONS,
          topic,
          stateTopic: topics.customerState,
        },
        { clickhouse, redis, kafka, ...(encodeEvent === undefined ? {} : { encodeEvent }) },
      ),
    ),
  );
  io.stdout(parsed.data.json ? `${JSON.stringify(summary, null, 2)}\n` : erasureText(summary));
  return summary.complete ? EXIT.ok : EXIT.failed;
}
