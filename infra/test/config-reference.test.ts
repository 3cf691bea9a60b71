// docs/configuration.md is what the schemas say now: every variable of every program.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { aggregatorEnv } from '@loyalty/aggregator';
import { sinkEnv } from '@loyalty/history-sink';
import { describe, expect, it } from 'vitest';
import { configReference } from '../build/config-reference.js';
import { REPO_ROOT } from '../demo/service-process.js';

describe('the configuration reference', () => {
  it('is up to date (run `pnpm run docs:config` after changing a schema)', async () => {
    expect(await readFile(join(REPO_ROOT, 'docs/configuration.md'), 'utf8')).toBe(configReference());
  });

  it("lists every variable of the services, with the aggregator's worker default named, not measured", () => {
    const reference = configReference();
    for (const name of [...Object.keys(aggregatorEnv.shape), ...Object.keys(sinkEnv.shape)]) {
      expect(reference).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    }
    expect(reference).toMatch(/^\| `AGGREGATOR_WORKERS` +\| `the cores available` +\|/m);
  });
});
