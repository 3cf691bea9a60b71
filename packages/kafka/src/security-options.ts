import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError, type KafkaEnv } from '@loyalty/config';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** kafkajs's `ssl` and `sasl` options from the configuration; empty when neither is configured. */
export function kafkaSecurityOptions(env: KafkaEnv): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ...(env.KAFKA_TLS ? { ssl: tlsOptions(env) } : {}),
    ...(env.KAFKA_SASL_MECHANISM === undefined ? {} : { sasl: saslOptions(env, env.KAFKA_SASL_MECHANISM) }),
  };
}

function tlsOptions(env: KafkaEnv): ConnectionOptions {
  return {
    rejectUnauthorized: env.KAFKA_TLS_REJECT_UNAUTHORIZED,
    ...(env.KAFKA_TLS_CA_FILE === undefined ? {} : { ca: [readFileSync(env.KAFKA_TLS_CA_FILE, 'utf8')] }),
  };
}

function saslOptions(env: KafkaEnv, mechanism: 'scram-sha-512' | 'plain'): SASLOptions {
  // parseEnv has checked these; an environment assembled by hand may not have been.
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD;
  if (username === undefined) {
    throw new ConfigError(
      'KAFKA_SASL_USERNAME',
      'is missing while KAFKA_SASL_MECHANISM is set',
      'a user name',
    );
  }
  if (password === undefined) {
    throw new ConfigError(
      'KAFKA_SASL_PASSWORD',
      'is missing while KAFKA_SASL_MECHANISM is set',
      'a password',
    );
  }
  return mechanism === 'plain'
    ? { mechanism: 'plain', username, password }
    : { mechanism: 'scram-sha-512', username, password };
}
