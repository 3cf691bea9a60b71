// The build that bootstrap makes (pnpm run build) and the demo, the bench and the image run
// (node --conditions=compiled): every service starts from dist/ with no TypeScript loader.
// The test reads the build bootstrap made rather than building again: other tests (the demo's)
// run those files at the same time. A module left as .ts anywhere in a service's
// graph fails the import before the configuration is read, so a configuration error naming
// the variable proves the whole graph loaded compiled.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../demo/service-process.js';

const run = promisify(execFile);

async function compiled(main: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=compiled', join(REPO_ROOT, main), ...args],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the compiled build', () => {
  beforeAll(async () => {
    await access(join(REPO_ROOT, 'services/aggregator/dist/main.js')).catch(() => {
      throw new Error('no build in dist/: run `pnpm run build` (bootstrap does) before the tests');
    });
  });

  it.each([
    'services/aggregator/dist/main.js',
    'services/history-sink/dist/main.js',
    'services/marketing-subscriber/dist/main.js',
    'services/dashboard/dist/main.js',
  ])('runs %s from JavaScript up to its configuration', async (main) => {
    const result = await compiled(main, [], { LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOG_LEVEL: "loud" is invalid');
    expect(result.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|ERR_IMPORT/);
  });

  it('runs the simulator and the command line from JavaScript', async () => {
    const simulator = await compiled('services/simulator/dist/main.js', ['--help']);
    expect(simulator).toMatchObject({ code: 0 });
    expect(simulator.stdout).toMatch(/^usage/i);
    const cli = await compiled('packages/cli/dist/main.js', ['help', 'report']);
    expect(cli.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|ERR_IMPORT/);
    expect(cli.stdout + cli.stderr).toContain('report');
  });

  it.each(['aggregator', 'history-sink', 'marketing-subscriber', 'dashboard'])(
    'answers %s --help, --version and an unknown argument without starting',
    async (service) => {
      const main = `services/${service}/dist/main.js`;
      // Unreachable servers: help must not need them.
      const offline = { KAFKA_BROKERS: '127.0.0.1:1', REDIS_URL: 'redis://127.0.0.1:1' };
      const help = await compiled(main, ['--help'], offline);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(new RegExp(`^usage: ${service} `));
      expect(help.stdout).toContain('LOG_LEVEL');
      expect(await compiled(main, ['--version'], offline)).toMatchObject({
        code: 0,
        stdout: `${service} 0.1.0\n`,
      });
      const bogus = await compiled(main, ['--bogus'], offline);
      expect(bogus).toMatchObject({ code: 2, stdout: '' });
      expect(bogus.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it.each([
    ['aggregator', 'AGGREGATOR_HTTP_PORT'],
    ['history-sink', 'SINK_HTTP_PORT'],
  ])('stops %s in one line naming %s when its port is taken', async (service, variable) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await compiled(`services/${service}/dist/main.js`, [], {
        [variable]: String(port),
        // One process, and servers that answer slowly or not at all: the port comes first.
        AGGREGATOR_WORKERS: '1',
        LOG_LEVEL: 'info',
      });
      expect(result.code).toBe(2);
      const fatal = result.stdout.split('\n').filter((line) => line.includes('"level":"fatal"'));
      expect(fatal).toHaveLength(1);
      expect(JSON.parse(fatal[0] ?? '{}').msg).toBe(
        `${variable}: port ${port} on 127.0.0.1 is already in use; set ${variable} to a free port (0 picks one)`,
      );
      expect(result.stderr).not.toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
