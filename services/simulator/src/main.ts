// The simulator's command line: `run`, `write --out FILE`, `replay --in FILE`; see --help.
import { runCli } from './cli.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // A first signal stops after the batch in flight (the summary still prints); a second one
  // ends the process at once.
  process.once(signal, () => {
    controller.abort();
    process.once(signal, () => process.exit(130));
  });
}

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: process.stderr,
  signal: controller.signal,
});
