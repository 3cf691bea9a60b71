/** How fast messages go out: at once, at a fixed rate, or following event time, compressed. */
export type Pacing =
  | { readonly mode: 'max' }
  | { readonly mode: 'rate'; readonly eventsPerSecond: number }
  | { readonly mode: 'compressed'; readonly minutesPerSimulatedYear: number };

const YEAR_MS = 365 * 86_400_000;

/** The wall-clock moment each message is due, by the pacing; the first message is due at once. */
export class Pacer {
  private wallStartMs: number | undefined;
  private eventStartMs = 0;
  private index = 0;

  constructor(
    private readonly pacing: Pacing,
    private readonly now: () => number = Date.now,
  ) {}

  /** The due time (epoch ms) of the next message, which happened at `occurredAtMs`. */
  next(occurredAtMs: number): number {
    const index = this.index++;
    if (this.wallStartMs === undefined) {
      this.wallStartMs = this.now();
      this.eventStartMs = occurredAtMs;
    }
    switch (this.pacing.mode) {
      case 'max':
        return this.wallStartMs;
      case 'rate':
        return this.wallStartMs + (index * 1000) / this.pacing.eventsPerSecond;
      case 'compressed': {
        // Wall time follows event time at a fixed speed-up; re-sends of earlier events are
        // already due, so they go out at once.
        const speedUp = YEAR_MS / (this.pacing.minutesPerSimulatedYear * 60_000);
        return this.wallStartMs + (occurredAtMs - this.eventStartMs) / speedUp;
      }
    }
  }
}

/** Waits until `dueMs` (epoch ms); resolves false when aborted first. */
export function waitUntil(dueMs: number, signal?: AbortSignal): Promise<boolean> {
  const delay = dueMs - Date.now();
  if (signal?.aborted) return Promise.resolve(false);
  if (delay <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, delay);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
