// docker-compose.yml cannot run here (no Docker engine); this keeps it consistent with
// what the code reads: every server the local stack starts, every variable of the
// shared connection schemas.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  clickhouseEnv,
  kafkaEnv,
  outputFormatEnv,
  pipelineEnv,
  redisEnv,
  registryEnv,
} from '@loyalty/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const composePath = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, unknown> }>;
  'x-loyalty-env': Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  it('runs every server of the local stack', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['kafka', 'redis', 'clickhouse', 'registry', 'topics']),
    );
  });

  it('sets every connection variable the code reads', () => {
    const variables = [kafkaEnv, redisEnv, clickhouseEnv, registryEnv, pipelineEnv, outputFormatEnv].flatMap(
      (schema) => Object.keys(schema.shape),
    );
    expect(Object.keys(compose['x-loyalty-env']).sort()).toEqual(expect.arrayContaining(variables.sort()));
    expect(compose.services.topics?.environment).toMatchObject({
      LOYALTY_TOPIC_PARTITIONS: expect.any(String),
    });
  });
});
