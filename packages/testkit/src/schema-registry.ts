// The schema registry of the local stack for integration tests. `stack.sh up` does not start
// it, so tests start it themselves (idempotent; concurrent starts wait on the stack's lock),
// and a test that stops the registry on purpose runs a private one on its own port.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseEnv, registryEnv } from '@loyalty/config';
import { freePortSlot } from './private-service.js';

const run = promisify(execFile);
const STACK = fileURLToPath(new URL('../../../infra/local/stack.sh', import.meta.url));
const SHARED_STATE =
  process.env.LOYALTY_STATE_DIR || fileURLToPath(new URL('../../../.state', import.meta.url));

/** A bound for a test hook that starts the registry: the first start builds it from Maven Central. */
export const REGISTRY_START_TIMEOUT_MS = 180_000;

async function stack(command: 'up' | 'down', env: Record<string, string>): Promise<void> {
  try {
    await run('bash', [STACK, command, 'registry'], { env: { ...process.env, ...env }, timeout: 180_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`stack.sh ${command} registry failed: ${stderr.trim() || String(error)}`);
  }
}

/** The URL of the local stack's schema registry (REGISTRY_URL), started if it is not running. */
export async function sharedRegistryUrl(): Promise<string> {
  await stack('up', {});
  return parseEnv(registryEnv, process.env).REGISTRY_URL;
}

/** A registry of the test's own, on a fresh port and state folder, that the test may stop. */
export interface PrivateRegistry {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its state folder. */
  destroy(): Promise<void>;
}

/** Starts a private registry that runs the shared one's build (bringing the shared one up first). */
export async function startPrivateRegistry(): Promise<PrivateRegistry> {
  await stack('up', {});
  const state = mkdtempSync(join(tmpdir(), 'loyalty-registry-'));
  const port = await freePortSlot();
  const url = `http://127.0.0.1:${port}/apis/ccompat/v6`;
  const env = {
    LOYALTY_STATE_DIR: state,
    REGISTRY_URL: url,
    REGISTRY_BUILD_DIR: join(SHARED_STATE, 'registry', 'app'),
  };
  await stack('up', env);
  return {
    url,
    stop: () => stack('down', env),
    start: () => stack('up', env),
    async destroy() {
      await stack('down', env).catch(() => undefined);
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Deletes the subjects a test registered: soft, then permanently, as the Confluent API wants. */
export async function deleteSubjects(registryUrl: string, subjects: readonly string[]): Promise<void> {
  const base = registryUrl.replace(/\/+$/, '');
  for (const subject of subjects) {
    const url = `${base}/subjects/${encodeURIComponent(subject)}`;
    await fetch(url, { method: 'DELETE' });
    await fetch(`${url}?permanent=true`, { method: 'DELETE' });
  }
}
