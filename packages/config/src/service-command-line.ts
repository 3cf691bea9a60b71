import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import type { Env } from './parse-env.js';
import { variablesOf } from './variables.js';

/** What a service's command line needs to know of it. */
export interface ServiceSpec<C> {
  /** The service's name, e.g. "aggregator". */
  readonly name: string;
  /** One line: what the service does. */
  readonly summary: string;
  readonly version: string;
  /** Every variable it reads (the usage lists them). */
  readonly schema: z.ZodObject;
  /** Reads the configuration; a problem is a ConfigError naming the variable. */
  readonly load: (env: Env) => C;
  /** The configuration as --print-config shows it, secrets masked. */
  readonly printable: (config: C) => unknown;
}

/** What to do with a service's command line: run with a configuration, or print and exit. */
export type ServiceStart<C> =
  | { readonly run: C }
  | { readonly exit: number; readonly stdout?: string; readonly stderr?: string };

const OPTIONS = ['--help', '-h', '--version', '--print-config'];

/** The usage text of a service: its options and every variable it reads, with defaults. */
export function serviceUsage(spec: Pick<ServiceSpec<unknown>, 'name' | 'summary' | 'schema'>): string {
  const variables = variablesOf(spec.schema);
  const width = Math.max(...variables.map((v) => v.name.length));
  const lines = variables.map(
    (v) =>
      `  ${v.name.padEnd(width)}  ${v.description}${v.default === '-' ? '' : ` (default: ${v.default})`}`,
  );
  return [
    `usage: ${spec.name} [--print-config | --help | --version]`,
    '',
    spec.summary,
    '',
    '  --print-config  print the configuration the environment gives (passwords masked) and exit',
    '  --help, -h      this text',
    '  --version       the version',
    '',
    'Configuration comes from the environment (an empty variable counts as unset):',
    ...lines,
    '',
  ].join('\n');
}

/**
 * Reads a service's command line and environment before anything starts: help and version
 * connect to nothing, --print-config only reads the configuration, anything else unknown is one
 * line and exit code 2, and a configuration problem names its variable (exit 2).
 */
export function readServiceStart<C>(
  spec: ServiceSpec<C>,
  argv: readonly string[],
  env: Env,
): ServiceStart<C> {
  const unknown = argv.find((arg) => !OPTIONS.includes(arg));
  if (unknown !== undefined) {
    return {
      exit: 2,
      stderr: `${spec.name}: unknown argument ${JSON.stringify(unknown)}; see ${spec.name} --help\n`,
    };
  }
  if (argv.includes('--help') || argv.includes('-h')) return { exit: 0, stdout: serviceUsage(spec) };
  if (argv.includes('--version')) return { exit: 0, stdout: `${spec.name} ${spec.version}\n` };
  let config: C;
  try {
    config = spec.load(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { exit: 2, stderr: `${spec.name}: configuration error: ${error.message}\n` };
  }
  if (argv.includes('--print-config')) {
    return { exit: 0, stdout: `${JSON.stringify(spec.printable(config), null, 2)}\n` };
  }
  return { run: config };
}

/** readServiceStart on this process: prints and exits, or returns the configuration to run with. */
export function startService<C>(spec: ServiceSpec<C>, argv: readonly string[] = process.argv.slice(2)): C {
  const start = readServiceStart(spec, argv, process.env);
  if ('run' in start) return start.run;
  if (start.stdout !== undefined) process.stdout.write(start.stdout);
  if (start.stderr !== undefined) process.stderr.write(start.stderr);
  process.exit(start.exit);
}
