// What the supervisor and its workers say to each other over the node:cluster IPC channel.
// Every message carries a `loyalty:` type, apart from node's own cluster messages.
import type { CheckResult } from '@loyalty/observability';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';

/** The readiness checks of every Aggregator, in the order /readyz lists them. */
export const READINESS_CHECKS = ['redis', 'kafka', 'consumer'] as const;

/** A worker's metrics as `Registry.getMetricsAsJSON()` gives them, ready for AggregatorRegistry.aggregate. */
export type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** The supervisor asks; the worker answers with the same `id`. */
export interface WorkerRequest {
  readonly type: 'loyalty:readiness' | 'loyalty:metrics';
  readonly id: number;
}

export type WorkerMessage =
  /** The worker consumes (its Aggregator started). */
  | { readonly type: 'loyalty:started' }
  | { readonly type: 'loyalty:readiness'; readonly id: number; readonly checks: CheckResult[] }
  | { readonly type: 'loyalty:metrics'; readonly id: number; readonly metrics: WorkerMetrics };

function hasType(message: unknown): message is { type: unknown } {
  return typeof message === 'object' && message !== null && 'type' in message;
}

/** True for a request of the supervisor (anything else on the channel is node's or prom-client's). */
export function isWorkerRequest(message: unknown): message is WorkerRequest {
  return (
    hasType(message) &&
    (message.type === 'loyalty:readiness' || message.type === 'loyalty:metrics') &&
    typeof (message as { id?: unknown }).id === 'number'
  );
}

/** True for a message of a worker. */
export function isWorkerMessage(message: unknown): message is WorkerMessage {
  return (
    hasType(message) &&
    (message.type === 'loyalty:started' ||
      message.type === 'loyalty:readiness' ||
      message.type === 'loyalty:metrics')
  );
}
