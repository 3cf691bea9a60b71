import { readFileSync } from 'node:fs';
import type { ChainableCommander } from 'ioredis';
import pkg from '../package.json' with { type: 'json' };
import type { RedisConnection } from './create-redis.js';

// Scripts are registered under names that carry the package version, so two deployed
// versions never call each other's script (ioredis caches by name and SHA).
const VERSION = pkg.version.replaceAll('.', '_');

interface ScriptFile {
  readonly command: string;
  readonly numberOfKeys: number;
}

const SCRIPTS = {
  applyEvent: { command: 'applyEvent', numberOfKeys: 1 },
  saveEvaluation: { command: 'saveEvaluation', numberOfKeys: 2 },
  advanceWatermark: { command: 'advanceWatermark', numberOfKeys: 1 },
  placeInPyramid: { command: 'placeInPyramid', numberOfKeys: 2 },
} as const satisfies Record<string, ScriptFile>;

export type ScriptName = keyof typeof SCRIPTS;

/** Negative replies of the scripts: expected failures, mapped to typed outcomes. */
export enum ScriptCode {
  HistoryFull = -1,
  MoneyOutOfRange = -2,
}

/** The registered name of a script in this version. */
export function scriptCommand(name: ScriptName): string {
  return `loyalty_${SCRIPTS[name].command}_v${VERSION}`;
}

/**
 * Registers every script on a connection (ioredis loads each once per node connection, then
 * calls it by SHA); a Cluster's pipelines get them too.
 */
export function defineScripts(redis: RedisConnection): void {
  for (const [name, script] of Object.entries(SCRIPTS) as Array<[ScriptName, ScriptFile]>) {
    const file = new URL(`../lua/${script.command}-${script.numberOfKeys}.lua`, import.meta.url);
    redis.defineCommand(scriptCommand(name), {
      numberOfKeys: script.numberOfKeys,
      lua: readFileSync(file, 'utf8'),
    });
  }
}

type ScriptArg = string | number | Buffer;
type ScriptFn = (...args: ScriptArg[]) => unknown;

// defineCommand adds the script as a method that ioredis's types cannot know.
function scriptMethod(target: RedisConnection | ChainableCommander, name: ScriptName): ScriptFn {
  const fn = (target as unknown as Record<string, ScriptFn | undefined>)[scriptCommand(name)];
  if (fn === undefined) throw new Error(`${name} script is not defined on this connection`);
  return fn;
}

/** Queues a script (keys first, then arguments) on a pipeline of a connection defineScripts ran on. */
export function queueScript(pipeline: ChainableCommander, name: ScriptName, ...args: ScriptArg[]): void {
  scriptMethod(pipeline, name).call(pipeline, ...args);
}

/** Runs a script (keys first, then arguments) on a connection defineScripts ran on. */
export async function callScript(
  redis: RedisConnection,
  name: ScriptName,
  ...args: ScriptArg[]
): Promise<unknown> {
  return scriptMethod(redis, name).call(redis, ...args);
}
