import { LoyaltyError } from '@loyalty/runtime';

/**
 * The schema registry gave no usable answer: the connection failed or timed out, or it
 * answered 5xx, 408 or 429. Retriable: pause and try again; the messages waiting on it are
 * good data and must never be dead-lettered for it.
 */
export class SchemaRegistryUnavailableError extends LoyaltyError {
  override readonly name = 'SchemaRegistryUnavailableError';
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/**
 * The registry refused a request in a way another try cannot change: bad credentials, a
 * request it does not understand, a schema it finds invalid. Not retriable.
 */
export class SchemaRegistryRequestError extends LoyaltyError {
  override readonly name = 'SchemaRegistryRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, { retriable: false });
  }
}

/** The registry refused a schema: the subject's compatibility level rules it out (HTTP 409). */
export class IncompatibleSchemaError extends LoyaltyError {
  override readonly name = 'IncompatibleSchemaError';
  constructor(
    message: string,
    readonly subject: string,
  ) {
    super(message, { retriable: false });
  }
}
