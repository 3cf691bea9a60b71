// `loyalty schemas register` against the local stack's schema registry, on fresh subjects.
import { AVRO_EVENT_TYPES, subjectOf } from '@loyalty/avro';
import { namespacedTopics } from '@loyalty/contracts';
import { uniqueName } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const namespace = `${uniqueName('cli-schemas')}.`;
const subjects = AVRO_EVENT_TYPES.map((type) => subjectOf(type, namespacedTopics(namespace)));
let registryUrl: string;

function loyalty(...argv: string[]): Promise<CliRun> {
  return runCli({ ...process.env, REGISTRY_URL: registryUrl, LOYALTY_TOPIC_NAMESPACE: namespace }, argv);
}

async function compatibilityOf(subject: string): Promise<unknown> {
  const response = await fetch(`${registryUrl}/config/${encodeURIComponent(subject)}`);
  return response.json();
}

beforeAll(async () => {
  registryUrl = await sharedRegistryUrl();
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  await deleteSubjects(registryUrl, subjects);
});

describe('loyalty schemas register', () => {
  it('registers every event schema under its topic-value subject, the same ids when repeated', async () => {
    const first = await loyalty('schemas', 'register');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(
      first.out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(':')[0]),
    ).toEqual(subjects);
    expect(subjects).toContain(`${namespace}loyalty.customer-state.v1-value`);
    expect(await compatibilityOf(subjects[0] ?? '')).toEqual({ compatibilityLevel: 'BACKWARD' });

    const again = await loyalty('schemas', 'register', '--compatibility', 'full');
    expect(again.code).toBe(0);
    expect(again.out).toBe(first.out.replaceAll('BACKWARD', 'FULL'));
    expect(await compatibilityOf(subjects[0] ?? '')).toEqual({ compatibilityLevel: 'FULL' });
  });

  it('answers a wrong level or action in one line that points to its usage', async () => {
    const level = await loyalty('schemas', 'register', '--compatibility', 'sideways');
    expect(level.code).toBe(2);
    expect(level.err).toContain('--compatibility must be one of');
    const action = await loyalty('schemas', 'drop');
    expect(action.code).toBe(2);
    expect(action.err).toContain('see `loyalty schemas --help`');
  });
});
