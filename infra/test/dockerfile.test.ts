// The Dockerfile cannot be built here (no Docker engine). Its build stage's steps run instead,
// in order, as the same shell commands in a scratch copy of the build context (what
// .dockerignore leaves), and the runtime stage's command then runs on the result with the
// image's environment. Installs into the system (npm install -g, apt-get) are not repeated:
// the test checks that the machine has what they install, at the pinned version.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startHealthServer } from '@loyalty/observability';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../demo/service-process.js';

const run = promisify(execFile);

interface Instruction {
  readonly stage: string;
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions, continuation lines joined, with the stage each belongs to. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  const list: Instruction[] = [];
  let stage = '';
  for (const line of joined.split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (match === null || line.trim().startsWith('#')) continue;
    const [, keyword = '', args = ''] = match;
    if (keyword === 'FROM') stage = /\sAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    list.push({ stage, keyword, args });
  }
  return list;
}

/** Whether .dockerignore leaves a path (relative, with /) out of the build context. */
function ignored(patterns: readonly string[], path: string): boolean {
  const parts = path.split('/');
  return patterns.some((pattern) => {
    if (pattern.startsWith('**/')) return parts.includes(pattern.slice(3));
    if (pattern.startsWith('*.')) return path.endsWith(pattern.slice(1));
    return path === pattern || path.startsWith(`${pattern}/`);
  });
}

const SYSTEM_INSTALL = /^(npm install -g|apt-get)/;

let text: string;
let scratch: string;
let steps: Instruction[];

beforeAll(async () => {
  text = await readFile(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  steps = instructions(text);
  scratch = await mkdtemp(join(tmpdir(), 'dockerfile-'));
  const patterns = (await readFile(join(REPO_ROOT, '.dockerignore'), 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  for (const path of stdout.split('\0').filter((p) => p !== '' && !ignored(patterns, p))) {
    await mkdir(join(scratch, dirname(path)), { recursive: true });
    await copyFile(join(REPO_ROOT, path), join(scratch, path));
  }
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('Dockerfile', () => {
  it('pins the pnpm of package.json and runs as a non-root user under an init process, with a health check', async () => {
    const manager = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'))
      .packageManager as string;
    expect(text).toContain(`npm install -g ${manager}`);
    const { stdout } = await run('pnpm', ['--version']);
    expect(`pnpm@${stdout.trim()}`).toBe(manager);
    const runtime = steps.filter((step) => step.stage === 'runtime');
    expect(runtime.find((step) => step.keyword === 'USER')?.args).toBe('node');
    expect(runtime.find((step) => step.keyword === 'ENTRYPOINT')?.args).toContain('tini');
    expect(runtime.find((step) => step.keyword === 'HEALTHCHECK')?.args).toContain('/healthz');
  });

  it("runs the build stage's steps in order, and the runtime command on their result", async () => {
    const build = steps.filter((step) => step.stage === 'build' && step.keyword === 'RUN');
    expect(build.map((step) => step.args)).toContain('pnpm run build');
    for (const { args } of build) {
      if (SYSTEM_INSTALL.test(args)) continue;
      await run('bash', ['-c', args], { cwd: scratch, maxBuffer: 64 * 1024 * 1024 });
    }
    // The production install left the development tools out.
    await expect(stat(join(scratch, 'node_modules/vitest'))).rejects.toThrow();
    const env = Object.fromEntries(
      (steps.find((step) => step.stage === 'runtime' && step.keyword === 'ENV')?.args ?? '')
        .split(/\s+/)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    const command = JSON.parse(steps.find((s) => s.stage === 'runtime' && s.keyword === 'CMD')?.args ?? '[]');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('node', command as string[], {
        cwd: scratch,
        env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'loud' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toContain('LOG_LEVEL: "loud" is invalid');
    expect(result.code).toBe(2);
  }, 300_000);

  it("has a HEALTHCHECK that passes while the service's /healthz answers, and fails when it does not", async () => {
    const healthcheck =
      steps.find((step) => step.stage === 'runtime' && step.keyword === 'HEALTHCHECK')?.args ?? '';
    const [executable, ...args] = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3)) as string[];
    const check = async (port: number) => {
      try {
        await run(executable ?? 'node', args, {
          env: { PATH: process.env.PATH ?? '', HEALTH_PORT: String(port) },
        });
        return 'healthy';
      } catch {
        return 'unhealthy';
      }
    };
    const server = await startHealthServer({ port: 0, registry: new Registry(), checks: [] });
    const { port } = server;
    expect(await check(port)).toBe('healthy');
    await server.close();
    expect(await check(port)).toBe('unhealthy');
  });
});
