// `npm run demo`: runs the pipeline on a simulated year of shop traffic and shows what
// came out. Progress goes to stderr; the summary (or with --json, one JSON document) to stdout.

import pkg from '../../package.json' with { type: 'json' };
import { UsageError } from './command-line.js';
import { DEMO_USAGE, parseDemoArgs } from './demo-options.js';
import { interruptOnSignals } from './interrupt-on-signals.js';
import { streamReporter } from './progress.js';
import { renderSummary } from './render-summary.js';
import { type DemoSummary, runDemo } from './run-demo.js';
import { serveRunDashboard } from './serve-dashboard.js';
import { ServiceFailure } from './service-process.js';

const interrupted = interruptOnSignals();

try {
  const options = process.argv.includes('--version') ? 'version' : parseDemoArgs(process.argv.slice(2));
  if (options === 'version') {
    console.log(`demo ${pkg.version}`);
  } else if (options === undefined) {
    console.log(DEMO_USAGE);
  } else {
    const reporter = streamReporter('demo');
    const print = (summary: DemoSummary) =>
      process.stdout.write(`${options.json ? JSON.stringify(summary, null, 2) : renderSummary(summary)}\n`);
    if (options.dashboard) {
      await runDemo(options, reporter, interrupted, async (summary, names) => {
        print(summary);
        await serveRunDashboard(names, reporter, interrupted, options.keep);
      });
    } else {
      print(await runDemo(options, reporter, interrupted));
      reporter.step('to look at the run in the web dashboard: npm run demo -- --dashboard');
    }
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`demo: ${error.message}; see npm run demo -- --help\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`demo: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof ServiceFailure) process.stderr.write(`${await error.logTail()}\n`);
    process.exitCode = 1;
  }
}
