/** The root of the product's errors: `retriable` says whether trying again can succeed. */
export class LoyaltyError extends Error {
  override readonly name: string = 'LoyaltyError';
  readonly retriable: boolean;
  constructor(message: string, { retriable = false, cause }: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.retriable = retriable;
  }
}

/** Programming errors: retrying the same code with the same input cannot help. */
export function isProgrammingError(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError ||
    error instanceof RangeError
  );
}

/**
 * Whether an operation that failed with `error` may succeed on another try. Our own errors
 * say so themselves; programming errors never; anything else (network, server) is presumed
 * transient.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof LoyaltyError) return error.retriable;
  return !isProgrammingError(error);
}
