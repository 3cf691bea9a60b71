// `npm run bench`: measures the pipeline on a fixed workload; prints a table and writes
// bench-results/bench-<timestamp>.json. Progress goes to stderr, the table to stdout.

import { resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { UsageError } from '../demo/command-line.js';
import { interruptOnSignals } from '../demo/interrupt-on-signals.js';
import { streamReporter } from '../demo/progress.js';
import { REPO_ROOT, ServiceFailure } from '../demo/service-process.js';
import { BENCH_USAGE, parseBenchArgs } from './bench-options.js';
import { renderResults, writeResults } from './bench-results.js';
import { renderProfile } from './profiling.js';
import { runBench } from './run-bench.js';

const interrupted = interruptOnSignals();

try {
  const options = process.argv.includes('--version') ? 'version' : parseBenchArgs(process.argv.slice(2));
  if (options === 'version') {
    console.log(`bench ${pkg.version}`);
  } else if (options === undefined) {
    console.log(BENCH_USAGE);
  } else {
    const results = await runBench(options, streamReporter('bench'), interrupted);
    const file = await writeResults(resolve(REPO_ROOT, options.out), results);
    const { aggregatorProfile, latencyProfile, sinkProfile } = results.details;
    const profiles = [
      ...(aggregatorProfile === null ? [] : [renderProfile('aggregator', aggregatorProfile)]),
      ...(latencyProfile === null ? [] : [renderProfile('live aggregator (latency run)', latencyProfile)]),
      ...(sinkProfile === null ? [] : [renderProfile('history sink', sinkProfile)]),
    ];
    process.stdout.write(`${[renderResults(results), ...profiles, `results: ${file}`].join('\n\n')}\n`);
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}; see npm run bench -- --help\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`bench: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof ServiceFailure) process.stderr.write(`${await error.logTail()}\n`);
    process.exitCode = 1;
  }
}
