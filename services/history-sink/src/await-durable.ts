import type { Logger } from '@loyalty/runtime';

/**
 * Waits for `durable`, sending a consumer-group heartbeat every `everyMs` meanwhile, so that
 * a long outage of ClickHouse does not get this member thrown out of the group. A failed
 * heartbeat (the group is rebalancing) does not end the wait: the rows are written all the
 * same, and kafkajs rejoins once the batch returns.
 */
export async function awaitDurable(
  durable: Promise<void>,
  heartbeat: () => Promise<void>,
  everyMs: number,
  log: Logger,
): Promise<void> {
  let settled = false;
  const finished = durable.finally(() => {
    settled = true;
  });
  while (!settled) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, everyMs);
    });
    try {
      await Promise.race([finished, tick]);
    } finally {
      clearTimeout(timer);
    }
    if (!settled)
      await heartbeat().catch((error: unknown) =>
        log.debug({ err: error }, 'heartbeat failed while waiting'),
      );
  }
  await finished;
}
