// `loyalty` as users run it from the repository root after the README's set-up: the bin pnpm
// links into node_modules/.bin, running the build (bootstrap makes it) with no TypeScript loader.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { migrate, openDatabase, quoteIdentifier } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { uniqueName } from '@loyalty/testkit';
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

  it('serves the dashboard with `loyalty dashboard` until SIGTERM', async () => {
    const env = {
      ...parseEnv(clickhouseEnv, process.env),
      CLICKHOUSE_DATABASE: uniqueName('cli_dashboard', '_'),
    };
    const client = await openDatabase(env);
    await migrate(client);
    const child = spawn(join(ROOT, 'node_modules/.bin/loyalty'), ['dashboard', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, CLICKHOUSE_DATABASE: env.CLICKHOUSE_DATABASE },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
    });
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const match = /dashboard at (http:\/\/\S+)/.exec(out);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    try {
      const page = await fetch(address);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<h1>Overview</h1>');
    } finally {
      child.kill('SIGTERM');
      await client.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(env.CLICKHOUSE_DATABASE)}` });
      await client.close();
    }
    expect(await exited).toBe(0);
  });
});
