// The worker's side of the IPC channel: answers the supervisor's readiness and metrics
// requests, and tells it when the Aggregator consumes.
import { type ReadinessCheck, runChecks } from '@loyalty/observability';
import type { Registry } from 'prom-client';
import { isWorkerRequest, type WorkerMessage } from './messages.js';

function send(message: WorkerMessage): void {
  // The channel is gone once the supervisor is: node:cluster then ends this worker itself.
  if (process.connected) process.send?.(message);
}

/** Answers the supervisor's requests with this worker's checks and registry. */
export function answerSupervisor(options: { checks: readonly ReadinessCheck[]; registry: Registry }): void {
  process.on('message', (message: unknown) => {
    if (!isWorkerRequest(message)) return;
    const { id } = message;
    if (message.type === 'loyalty:readiness') {
      void runChecks(options.checks).then((checks) => send({ type: 'loyalty:readiness', id, checks }));
    } else {
      void options.registry
        .getMetricsAsJSON()
        .then((metrics) => send({ type: 'loyalty:metrics', id, metrics }));
    }
  });
}

/** Tells the supervisor that this worker consumes. */
export function announceStarted(): void {
  send({ type: 'loyalty:started' });
}
