import { isRetriable } from './errors.js';

export interface RetryOptions {
  /** First delay; each further one doubles, up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Give up after this many tries (Infinity: until `shouldStop`). */
  maxAttempts: number;
  /** Checked before each new try: a way to give up early (shutdown, lost partition). */
  shouldStop?: () => boolean;
  /** Told about each failure that will be retried (for logs and metrics). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Called while waiting, e.g. a Kafka heartbeat. */
  whileWaiting?: () => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = {
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff And Jitter"). */
export function backoffDelay(
  attempt: number,
  { initialDelayMs, maxDelayMs }: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs'>,
): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Runs `operation` until it succeeds, retrying retriable failures with backoff and jitter.
 * Non-retriable errors, the last attempt's error, and a stop request end it by throwing.
 */
export async function retry<T>(
  operation: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetriable(error) || attempt >= options.maxAttempts || options.shouldStop?.() === true)
        throw error;
      const delayMs = backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delayMs);
      await sleepWith(delayMs, options);
      if (options.shouldStop?.() === true) throw error;
    }
  }
}

async function sleepWith(delayMs: number, options: RetryOptions): Promise<void> {
  const until = Date.now() + delayMs;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
    await options.whileWaiting?.().catch(() => undefined);
    if (options.shouldStop?.() === true) return;
  }
}
