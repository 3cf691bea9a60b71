import type { Logger } from 'pino';

/**
 * Calls `stop` once on SIGTERM or SIGINT, and exits when it has finished or after
 * `boundMs`, whichever comes first (exit code 1 if the bound was hit).
 */
export function onShutdownSignal(stop: () => Promise<void>, log: Logger, boundMs = 15_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, boundMs }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ boundMs }, 'shutdown bound exceeded, exiting');
      process.exit(1);
    }, boundMs);
    timer.unref();
    stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
