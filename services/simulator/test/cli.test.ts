import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUT_TOPICS } from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import { connectKafka, createTopics, deleteTopics } from '@loyalty/testkit/servers';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { readTopics } from './read-topics.js';

interface Outcome {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  const stdout: string[] = [];
  let stderr = '';
  const code = await runCli(argv, env, {
    stdout: (line) => stdout.push(line),
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

interface Summary {
  readonly messages: number;
  readonly byTopic: Record<string, number>;
  readonly byKind: Record<string, number>;
}

function summaryOf(outcome: Outcome): Summary {
  expect(outcome.stderr).toBe('');
  expect(outcome.code).toBe(0);
  expect(outcome.stdout.length).toBe(1);
  return JSON.parse(outcome.stdout[0] ?? '') as Summary;
}

let kafka: Kafka;
const created: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'simulator-cli-'));

async function freshPrefix(): Promise<string> {
  const prefix = `${uniqueName('simcli')}.`;
  const topics = INPUT_TOPICS.map((t) => `${prefix}${t}`);
  await createTopics(kafka, topics, 3);
  created.push(...topics);
  return prefix;
}

/** Every message of the prefixed input topics, as sorted "topic key value" lines. */
async function contents(prefix: string, summary: Summary): Promise<string[]> {
  const topics = INPUT_TOPICS.map((t) => `${prefix}${t}`);
  const read = await readTopics(kafka, topics, summary.messages);
  expect(read.length).toBe(summary.messages);
  for (const topic of topics) {
    expect(read.filter((m) => m.topic === topic).length).toBe(summary.byTopic[topic] ?? 0);
  }
  return read.map((m) => `${m.topic.slice(prefix.length)} ${m.key} ${m.value.toString('base64')}`).sort();
}

beforeAll(async () => {
  kafka = await connectKafka('simulator-cli-test');
});

afterAll(async () => {
  if (created.length > 0) await deleteTopics(kafka, created);
  rmSync(dir, { recursive: true, force: true });
});

describe('the simulator command line', () => {
  it('writes a file whose replay puts the same messages on Kafka as a direct run', async () => {
    const file = join(dir, 'traffic.ndjson');
    const generation = [
      '--seed',
      '4',
      '--customers',
      '40',
      '--days',
      '90',
      '--malformed',
      '0.03',
      '--duplicates',
      '0.02',
    ];
    const written = summaryOf(await cli(['write', '--out', file, ...generation, '--quiet']));
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(written.messages);
    expect(written.byKind.malformed).toBeGreaterThan(0);

    const replayPrefix = await freshPrefix();
    const replayed = summaryOf(
      await cli(['replay', '--in', file, '--topic-prefix', replayPrefix, '--quiet']),
    );
    expect(replayed.messages).toBe(written.messages);
    expect(replayed.byKind).toEqual(written.byKind);

    const runPrefix = await freshPrefix();
    const ran = summaryOf(
      await cli(['run', ...generation, '--topic-prefix', runPrefix, '--batch-size', '50', '--quiet']),
    );
    expect(ran.byKind).toEqual(written.byKind);

    expect(await contents(replayPrefix, replayed)).toEqual(await contents(runPrefix, ran));
  });

  it('fails in one line when topics are missing, the environment is bad or a file is absent', async () => {
    const missing = await cli(['run', '--customers', '5', '--topic-prefix', `${uniqueName('absent')}.`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^simulator: Kafka at .*: topics .* missing on the broker; create them first .*\n$/,
    );

    const badEnv = await cli(['run'], { ...process.env, KAFKA_BROKERS: 'localhost' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/^simulator: KAFKA_BROKERS: "localhost" is invalid .*; expected .*\n$/);

    const absent = await cli(['replay', '--in', join(dir, 'nothing.ndjson')]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/^simulator: --in: .* is not a readable file\n$/);
  });

  it('runs as a process: a bad flag exits 2 with one line, --help exits 0', () => {
    const main = join(import.meta.dirname, '../src/main.ts');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', main, 'run', '--customers', 'lots'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'simulator: --customers: "lots" is invalid; expected an integer from 1 to 10000000\n',
    );
    expect(bad.stdout).toBe('');
    const help = spawnSync(process.execPath, ['--import', 'tsx', main, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: simulator <command>');
  });
});
