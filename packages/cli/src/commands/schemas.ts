import { parseArgs } from 'node:util';
import {
  COMPATIBILITY_LEVELS,
  IncompatibleSchemaError,
  isCompatibilityLevel,
  registerEventSchemas,
  registryConnection,
} from '@loyalty/avro';
import { parseEnv, registryEnv } from '@loyalty/config';
import { namespacedTopics } from '@loyalty/contracts';
import { z } from 'zod';
import { type Command, EXIT, requireAction, UsageError } from '../command.js';

const USAGE = `usage: loyalty schemas register [--compatibility LEVEL]

Registers the Avro schema of every input, output, erasure and state event (schemas/avro)
under its topic's value subject, e.g. loyalty.purchases.v1-value, after setting the subject's
compatibility level, so that the registry refuses a change the level rules out. Safe to
repeat: an unchanged schema keeps its id.

  --compatibility  ${COMPATIBILITY_LEVELS.join(', ')} (default BACKWARD)

Reads REGISTRY_URL, and LOYALTY_TOPIC_NAMESPACE (the prefix of every topic name) like the
aggregator.`;

const namespaceEnv = z.object({
  LOYALTY_TOPIC_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default('')
    .describe('a topic-name prefix of letters, digits, ".", "_" or "-"'),
});

/** `loyalty schemas register`: the event schemas in the schema registry. */
export const schemasCommand: Command = {
  name: 'schemas',
  env: [registryEnv, namespaceEnv],
  summary: 'register the Avro event schemas with the schema registry (schemas register)',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { compatibility: { type: 'string', default: 'BACKWARD' } },
    });
    requireAction(positionals, 'register');
    const level = values.compatibility.toUpperCase();
    if (!isCompatibilityLevel(level)) {
      throw new UsageError(`--compatibility must be one of ${COMPATIBILITY_LEVELS.join(', ')}`);
    }
    const { REGISTRY_URL } = parseEnv(registryEnv, io.env);
    const { LOYALTY_TOPIC_NAMESPACE } = parseEnv(namespaceEnv, io.env);
    try {
      const registered = await registerEventSchemas(
        registryConnection(REGISTRY_URL),
        level,
        namespacedTopics(LOYALTY_TOPIC_NAMESPACE),
      );
      for (const r of registered) io.stdout(`${r.subject}: id ${r.id}, compatibility ${level}\n`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof IncompatibleSchemaError)) throw error;
      io.stderr(`loyalty schemas: refused by the registry: ${error.message}\n`);
      return EXIT.failed;
    }
  },
};
