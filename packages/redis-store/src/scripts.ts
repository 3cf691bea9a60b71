import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import pkg from '../package.json' with { type: 'json' };

// Scripts are registered under names that carry the package version, so two deployed
// versions never call each other's script (ioredis caches by name and SHA).
const VERSION = pkg.version.replaceAll('.', '_');

interface ScriptFile {
  readonly command: string;
  readonly numberOfKeys: number;
}

const SCRIPTS = {
  applyEvent: { command: 'applyEvent', numberOfKeys: 2 },
  saveEvaluation: { command: 'saveEvaluation', numberOfKeys: 1 },
  advanceWatermark: { command: 'advanceWatermark', numberOfKeys: 1 },
} as const satisfies Record<string, ScriptFile>;

export type ScriptName = keyof typeof SCRIPTS;

/** Negative replies of the scripts: expected failures, mapped to typed outcomes. */
export enum ScriptCode {
  HistoryFull = -1,
}

/** The registered name of a script in this version. */
export function scriptCommand(name: ScriptName): string {
  return `loyalty_${SCRIPTS[name].command}_v${VERSION}`;
}

/** Registers every script on a connection (ioredis loads each once, then calls it by SHA). */
export function defineScripts(redis: Redis): void {
  for (const [name, script] of Object.entries(SCRIPTS) as Array<[ScriptName, ScriptFile]>) {
    const file = new URL(`../lua/${script.command}-${script.numberOfKeys}.lua`, import.meta.url);
    redis.defineCommand(scriptCommand(name), {
      numberOfKeys: script.numberOfKeys,
      lua: readFileSync(file, 'utf8'),
    });
  }
}
