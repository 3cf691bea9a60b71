// Wrong credentials are a configuration problem, not a reason to crash-loop: the aggregator
// stays up, says what is wrong once in its log (without the secret) and reports not ready.
import { waitFor } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import { spawnService } from '@loyalty/testkit/service-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

const WRONG = 'not-the-password';

describe('aggregator with wrong Redis credentials', () => {
  let redis: PrivateService;
  let h: Harness;
  beforeAll(async () => {
    redis = await startPrivateService('redis', { secure: true });
    h = await createHarness();
  }, PRIVATE_SERVICE_START_TIMEOUT_MS);
  afterAll(async () => {
    await h.cleanup();
    await redis.destroy();
  });

  it('stays up and not ready, names the problem and never logs the password', {
    timeout: 120_000,
  }, async () => {
    const service = spawnService('services/aggregator/src/main.ts', {
      ...redis.env,
      REDIS_PASSWORD: WRONG,
      REDIS_KEY_PREFIX: h.prefix,
      AGGREGATOR_GROUP_ID: h.groupId,
      LOYALTY_TOPIC_NAMESPACE: h.namespace,
      AGGREGATOR_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    try {
      const port = await service.healthPort();
      const readiness = await waitFor(
        'readiness to report the refused login',
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/readyz`);
          const body = (await response.json()) as {
            checks: Array<{ name: string; ok: boolean; error?: string }>;
          };
          const check = body.checks.find((c) => c.name === 'redis');
          // Workers of a supervisor report "starting" first, until their check names the login.
          return response.status === 503 &&
            check !== undefined &&
            /WRONGPASS|NOAUTH|auth/i.test(check.error ?? '')
            ? { status: response.status, check }
            : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(readiness.check.error).toMatch(/WRONGPASS|NOAUTH|auth/i);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(service.child.exitCode, 'still running: no crash loop').toBeNull();
      expect(service.output()).toMatch(/redis connection not allowed/);
      expect(service.output()).not.toContain(WRONG);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });
});
