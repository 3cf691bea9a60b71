import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Env, kafkaEnv, parseEnv } from '@loyalty/config';
import { afterAll, describe, expect, it } from 'vitest';
import { kafkaSecurityOptions } from './security-options.js';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-kafka-options-'));
const caFile = join(dir, 'ca.crt');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
writeFileSync(caFile, PEM);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (env: Env) => kafkaSecurityOptions(parseEnv(kafkaEnv, env));

describe('kafkaSecurityOptions', () => {
  it('adds nothing when neither TLS nor SASL is configured', () => {
    expect(options({})).toEqual({});
  });

  it('passes SCRAM-SHA-512 and TLS with the CA file', () => {
    expect(
      options({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'loyalty',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_TLS: 'true',
        KAFKA_TLS_CA_FILE: caFile,
      }),
    ).toEqual({
      ssl: { rejectUnauthorized: true, ca: [PEM] },
      sasl: { mechanism: 'scram-sha-512', username: 'loyalty', password: 'secret' },
    });
  });

  it('passes PLAIN, and TLS without certificate checks when asked', () => {
    expect(
      options({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'loyalty',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_TLS: 'true',
        KAFKA_TLS_REJECT_UNAUTHORIZED: 'false',
      }),
    ).toEqual({
      ssl: { rejectUnauthorized: false },
      sasl: { mechanism: 'plain', username: 'loyalty', password: 'secret' },
    });
  });
});
