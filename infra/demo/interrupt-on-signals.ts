/**
 * A signal that aborts on the first SIGINT or SIGTERM, so a run stops at its next step and
 * still removes its data; a second signal exits at once (code 130).
 */
export function interruptOnSignals(): AbortSignal {
  const interrupt = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupt.abort(new Error(`interrupted by ${signal}`));
      process.once(signal, () => process.exit(130));
    });
  }
  return interrupt.signal;
}
