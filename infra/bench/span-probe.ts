// Timing spans for `npm run bench -- --profile`, loaded into the aggregator process with
// `--import` so that the service's code stays as it is: wraps the calls a batch goes
// through (kafkajs fetch and commit, the Redis store, evaluation, produce) and writes each
// span's calls, time and items, and a timeline of the work done, to $LOYALTY_SPAN_FILE
// when the process exits.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Aggregator } from '@loyalty/aggregator';
import { DeadLetterPublisher } from '@loyalty/kafka';
import { CustomerStore } from '@loyalty/redis-store';
import { Kafka } from 'kafkajs';

/** One span's totals; `parent` is the span it runs inside (the tree the bench prints). */
export interface SpanTotal {
  readonly name: string;
  readonly parent: string | null;
  calls: number;
  ms: number;
  /** What the calls handled (events applied, customers loaded, ...), where counted. */
  items: number;
}

/** Cumulative work at a moment of the run: does the cost per event change as state grows? */
export interface TimelinePoint {
  readonly atMs: number;
  readonly events: number;
  readonly evaluations: number;
  /** History entries loaded for those evaluations. */
  readonly historyEntries: number;
}

/** What the probe writes: the spans, the timeline, and the wall time from the first call to SIGTERM. */
export interface SpanReport {
  readonly wallMs: number;
  readonly spans: readonly SpanTotal[];
  readonly timeline: readonly TimelinePoint[];
}

/** Counts what one call handled, from its arguments. */
type ItemCount = (args: readonly unknown[]) => number;
/** Looks at what a call resolved with. */
type ResultProbe = (result: unknown) => void;

const TIMELINE_EVERY_MS = 10_000;
const APPLY = 'redis applyEvents (Lua per event)';
const LOAD = 'redis loadCustomers';

const file = process.env.LOYALTY_SPAN_FILE;
if (file === undefined) throw new Error('span probe: set LOYALTY_SPAN_FILE to where the spans go');

const spans = new Map<string, SpanTotal>();
let firstAt: number | undefined;
// SIGTERM ends the measurement: a fetch still waiting for data then is not work.
let stoppedAt: number | undefined;
process.once('SIGTERM', () => {
  stoppedAt = performance.now();
});
let historyEntries = 0;
const timeline: TimelinePoint[] = [];
setInterval(() => {
  if (firstAt === undefined || stoppedAt !== undefined) return;
  timeline.push({
    atMs: Math.round(performance.now() - firstAt),
    events: spans.get(APPLY)?.items ?? 0,
    evaluations: spans.get(LOAD)?.items ?? 0,
    historyEntries,
  });
}, TIMELINE_EVERY_MS).unref();

const lengthOfFirst: ItemCount = (args) => (Array.isArray(args[0]) ? args[0].length : 0);
const messagesOfBatch: ItemCount = (args) => {
  const request = args[0] as { topicMessages?: readonly { messages: readonly unknown[] }[] } | undefined;
  return (request?.topicMessages ?? []).reduce((sum, t) => sum + t.messages.length, 0);
};
const countHistoryEntries: ResultProbe = (states) => {
  if (!(states instanceof Map)) return;
  for (const state of states.values())
    historyEntries += (state as { history: readonly unknown[] }).history.length;
};

/** Replaces `target[method]` with a version that adds each call's duration to the span `name`. */
function time(
  target: object,
  method: string,
  name: string,
  parent: string | null,
  count?: ItemCount,
  onResult?: ResultProbe,
): void {
  const original: unknown = Reflect.get(target, method);
  if (typeof original !== 'function') throw new TypeError(`span probe: ${name} (${method}) is not a method`);
  const span: SpanTotal = spans.get(name) ?? { name, parent, calls: 0, ms: 0, items: 0 };
  spans.set(name, span);
  Reflect.set(target, method, function timed(this: unknown, ...args: unknown[]): unknown {
    const start = performance.now();
    if (stoppedAt !== undefined) return Reflect.apply(original, this, args);
    firstAt ??= start;
    const done = () => {
      span.calls += 1;
      span.items += count?.(args) ?? 0;
      span.ms += Math.min(performance.now(), stoppedAt ?? Number.POSITIVE_INFINITY) - start;
    };
    const result: unknown = Reflect.apply(original, this, args);
    if (!(result instanceof Promise)) {
      done();
      return result;
    }
    return result.then(
      (value: unknown) => {
        done();
        onResult?.(value);
        return value;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  });
}

// kafkajs's consumer internals: fetch and the batch loop run one after the other (the
// fetcher waits for every batch of a fetch before fetching again).
const require = createRequire(import.meta.url);
const prototypeOf = (path: string): object => {
  const loaded: unknown = require(path);
  if (typeof loaded !== 'function') throw new TypeError(`span probe: ${path} is not a class`);
  return loaded.prototype as object;
};
const consumerGroup = prototypeOf('kafkajs/src/consumer/consumerGroup.js');
time(consumerGroup, 'fetch', 'kafka fetch', null);
time(prototypeOf('kafkajs/src/consumer/runner.js'), 'handleBatch', 'kafkajs batch loop', null);
time(Aggregator.prototype, 'handleBatch', 'aggregator batch', 'kafkajs batch loop');
time(consumerGroup, 'commitOffsetsIfNecessary', 'kafka offset commit', 'aggregator batch');
time(CustomerStore.prototype, 'watermark', 'redis read watermark', 'aggregator batch');
time(CustomerStore.prototype, 'erasedBefore', 'redis erased customers', 'aggregator batch');
time(CustomerStore.prototype, 'applyEvents', APPLY, 'aggregator batch', lengthOfFirst);
time(DeadLetterPublisher.prototype, 'publish', 'kafka produce dead letters', 'aggregator batch');
time(CustomerStore.prototype, 'advanceWatermark', 'redis advanceWatermark', 'aggregator batch');
time(CustomerStore.prototype, 'dueCustomers', 'redis dueCustomers', 'evaluate due customers');
time(
  CustomerStore.prototype,
  'loadCustomers',
  LOAD,
  'evaluate due customers',
  lengthOfFirst,
  countHistoryEntries,
);
time(
  CustomerStore.prototype,
  'saveEvaluations',
  'redis saveEvaluations',
  'evaluate due customers',
  lengthOfFirst,
);
time(Aggregator.prototype, 'advanceWatermarks', 'timer sweeps', null);

// The evaluator and the producer are made inside the aggregator: wrap them once they exist.
const originalProducer = Kafka.prototype.producer;
Kafka.prototype.producer = function producer(this: Kafka, ...args: Parameters<Kafka['producer']>) {
  const made = originalProducer.apply(this, args);
  time(made, 'sendBatch', 'kafka produce outputs', 'evaluate due customers', messagesOfBatch);
  return made;
};
const originalStart = Aggregator.prototype.start;
Aggregator.prototype.start = function start(this: Aggregator) {
  time(
    Object.getPrototypeOf(this.evaluator) as object,
    'evaluate',
    'evaluate due customers',
    'aggregator batch',
  );
  return originalStart.call(this);
};

process.once('exit', () => {
  const report: SpanReport = {
    wallMs: firstAt === undefined ? 0 : (stoppedAt ?? performance.now()) - firstAt,
    spans: [...spans.values()].filter((span) => span.calls > 0),
    timeline,
  };
  writeFileSync(file, JSON.stringify(report));
});
