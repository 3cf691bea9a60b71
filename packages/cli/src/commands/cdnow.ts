import { parseArgs } from 'node:util';
import { kafkaEnv, parseEnv, pipelineEnv } from '@loyalty/config';
import { namespacedTopics } from '@loyalty/contracts';
import { z } from 'zod';
import { defaultCdnowFile, readCdnow } from '../cdnow/cdnow-file.js';
import { replayCdnow } from '../cdnow/replay-cdnow.js';
import { type Command, EXIT, requireAction, UsageError } from '../command.js';
import { assertTopicsExist, cliKafka } from '../kafka.js';

const USAGE = `usage: loyalty cdnow replay [--file path] [--namespace ns]

  replay  publish the CDNOW sample (Fader, Hardie & Lee 2005) as purchase events: one sale
          per transaction line, in event-time order, customer "cdnow-0001" for sample id 1,
          event ids from the line number (a second replay repeats the same events), at noon
          UTC of the day, one "cd" line per sale, dollars as amounts of LOYALTY_BASE_CURRENCY

  --file       the sample (default: CDNOW_SAMPLE, else ../shared/data/cdnow/CDNOW_sample.txt
               beside the repository)
  --namespace  topic-name prefix (default: LOYALTY_TOPIC_NAMESPACE, else none)

The topics must exist; KAFKA_BROKERS names the broker.`;

// The services' own variables (pipelineEnv), so that the replay reaches the topics they read,
// in the currency their parser accepts.
const replayEnv = kafkaEnv.extend(pipelineEnv.shape).extend({
  CDNOW_SAMPLE: z.string().min(1).optional().describe('the path of the CDNOW sample'),
});

const ReplayOptionsSchema = z.strictObject({
  file: z.string().min(1, { error: '--file must not be empty' }).optional(),
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, { error: '--namespace takes letters, digits, ".", "_" or "-"' })
    .optional(),
});

/** `loyalty cdnow replay`: the CDNOW sample through Kafka, as real purchase traffic. */
export const cdnowCommand: Command = {
  name: 'cdnow',
  env: [replayEnv],
  summary: 'replay the CDNOW sample as purchase events (cdnow replay)',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { file: { type: 'string' }, namespace: { type: 'string' } },
    });
    requireAction(positionals, 'replay');
    const options = ReplayOptionsSchema.safeParse(values);
    if (!options.success) throw new UsageError(options.error.issues[0]?.message ?? 'invalid options');
    const env = parseEnv(replayEnv, io.env);
    const file = options.data.file ?? defaultCdnowFile(env.CDNOW_SAMPLE);
    const topic = namespacedTopics(options.data.namespace ?? env.LOYALTY_TOPIC_NAMESPACE).purchases;

    const transactions = await readCdnow(file);
    const kafka = cliKafka(env, io);
    await assertTopicsExist(kafka, [topic]);
    const summary = await replayCdnow(kafka, topic, transactions, env.LOYALTY_BASE_CURRENCY);
    io.stdout(
      `replayed ${summary.events} purchases of ${summary.customers} customers` +
        (summary.from === undefined ? '' : ` (${summary.from} to ${summary.to})`) +
        ` to ${topic}\n`,
    );
    return EXIT.ok;
  },
};
