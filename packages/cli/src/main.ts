// `loyalty <command> [args]`: the project's command line. Commands live in src/commands,
// one per file; this file only finds the command and turns its outcome into an exit code.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@loyalty/config';
import pkg from '../package.json' with { type: 'json' };
import { type CliIo, type Command, EXIT, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';

export { COMMANDS } from './commands/index.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: loyalty <command> [arguments]\n\ncommands:\n${lines.join('\n')}\n\n\`loyalty <command> --help\` (or \`loyalty help <command>\`) shows a command's arguments; \`loyalty --version\` the version.\n`;
}

/** Runs one command line (without the program name) and resolves to its exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`loyalty ${pkg.version}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === args[0]) : undefined;
    io.stdout(topic === undefined ? help() : `${topic.usage}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`loyalty: unknown command ${JSON.stringify(name)}; \`loyalty --help\` lists them\n`);
    return EXIT.usage;
  }
  // Help anywhere in a command's arguments (before a lone --) prints its usage and runs nothing.
  const options = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length);
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // node:util parseArgs reports unknown or malformed options with these codes.
    const code = (error as { code?: unknown }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`loyalty ${name}: ${usageProblem(error as Error, code)}; see \`loyalty ${name} --help\`\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr(`loyalty ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`loyalty ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

/** Runs the process's own command line and sets its exit code (bin/loyalty.js, or this module as the entry). */
export async function runFromCommandLine(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

// One line: parseArgs's own texts run over several lines with advice on dashes.
function usageProblem(error: Error, code: unknown): string {
  const option = /'(-[^' ]*)/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined)
    return `${option} needs a value`;
  return error.message.split('\n')[0] ?? error.message;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === fileURLToPath(import.meta.url);
}

if (isEntryPoint()) await runFromCommandLine();
