// `loyalty` as users run it from the repository root after the README's set-up: the bin pnpm
// links into node_modules/.bin, running the build (bootstrap makes it) with no TypeScript loader.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the loyalty bin', () => {
  it('runs from the repository root, compiled, with help and version', async () => {
    const bin = join(ROOT, 'node_modules/.bin/loyalty');
    const help = await run(bin, ['--help'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    expect(help.stdout).toMatch(/^usage: loyalty <command>/);
    expect(help.stderr).toBe('');
    const version = await run(bin, ['--version'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    expect(version.stdout).toMatch(/^loyalty \d+\.\d+\.\d+$/m);
    // `node --conditions` never needed: the bin resolves the packages to their dist/ itself.
    const report = await run(bin, ['report', 'rfm', '--help'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(report.stdout).toContain('usage: loyalty report');
  });

  it.each([
    ['loyalty-aggregator', 'aggregator'],
    ['loyalty-history-sink', 'history-sink'],
    ['loyalty-marketing-subscriber', 'marketing-subscriber'],
    ['loyalty-simulator', 'simulator'],
    ['loyalty-dashboard', 'dashboard'],
  ])('links %s, which answers --version and --help without starting', async (bin, name) => {
    const path = join(ROOT, 'node_modules/.bin', bin);
    // Unreachable servers: neither answer may need them.
    const env = {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS: '127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:1',
    };
    expect((await run(path, ['--version'], { cwd: ROOT, env })).stdout).toBe(`${name} 0.1.0\n`);
    expect((await run(path, ['--help'], { cwd: ROOT, env })).stdout).toMatch(/^usage/i);
  });
});
