import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Env, parseEnv, redisEnv } from '@loyalty/config';
import { afterAll, describe, expect, it } from 'vitest';
import { redisOptions } from './redis-options.js';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-redis-options-'));
const caFile = join(dir, 'ca.crt');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
writeFileSync(caFile, PEM);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (env: Env) => redisOptions(parseEnv(redisEnv, env));

describe('redisOptions', () => {
  it('connects to the default server without credentials or TLS', () => {
    expect(options({})).toEqual({ host: '127.0.0.1', port: 6379 });
  });

  it('reads the user and password of the URL, decoded, and its database', () => {
    expect(options({ REDIS_URL: 'redis://us%40er:p%3Ass@cache.internal:7000/3' })).toEqual({
      host: 'cache.internal',
      port: 7000,
      db: 3,
      username: 'us@er',
      password: 'p:ss',
    });
  });

  it('reads REDIS_USERNAME and REDIS_PASSWORD, and TLS with its CA for rediss://', () => {
    expect(
      options({
        REDIS_URL: 'rediss://[::1]:6380',
        REDIS_USERNAME: 'loyalty',
        REDIS_PASSWORD: 'secret',
        REDIS_TLS_CA_FILE: caFile,
      }),
    ).toEqual({ host: '::1', port: 6380, username: 'loyalty', password: 'secret', tls: { ca: [PEM] } });
    expect(options({ REDIS_URL: 'rediss://127.0.0.1:6380', REDIS_PASSWORD: 'secret' })).toEqual({
      host: '127.0.0.1',
      port: 6380,
      password: 'secret',
      tls: {},
    });
  });
});
