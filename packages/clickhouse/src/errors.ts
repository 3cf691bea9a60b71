import { isProgrammingError, LoyaltyError } from '@loyalty/runtime';

// Server error codes after which the same request can succeed later: overload, timeouts,
// read-only replicas, lost connections. Anything else from the server (syntax, unknown table
// or column, unparsable row) would fail the same way again. Codes from ClickHouse's
// src/Common/ErrorCodes.cpp, stable across releases.
const RETRIABLE_CODES = new Set([
  159, // TIMEOUT_EXCEEDED
  164, // READONLY
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  252, // TOO_MANY_PARTS
  285, // TOO_FEW_LIVE_REPLICAS
  319, // UNKNOWN_STATUS_OF_INSERT
  425, // SYSTEM_ERROR
  999, // KEEPER_EXCEPTION
]);

// Codes of a login the server refuses: sending the same credentials again cannot help.
const AUTH_CODES = new Set([
  192, // UNKNOWN_USER
  193, // WRONG_PASSWORD
  194, // REQUIRED_PASSWORD
  195, // IP_ADDRESS_NOT_ALLOWED
  516, // AUTHENTICATION_FAILED (servers since 20.x say this instead of 192 and 193)
]);

/**
 * The server's error code in an error from @clickhouse/client, if any. Current servers end
 * their messages with "(TYPE)" and the client parses the code; 18.16 writes
 * "Code: 60, e.displayText() = DB::Exception: ..." which the client leaves unparsed, so the
 * code is read from the message as well.
 */
export function clickHouseErrorCode(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  // Our own wrapper (clickHouseFailure) keeps the client's error as its cause.
  if (error instanceof LoyaltyError) return clickHouseErrorCode(error.cause);
  const parsed = (error as { code?: unknown }).code;
  if (typeof parsed === 'string' && /^\d+$/.test(parsed)) return Number(parsed);
  const match = /^Code: (\d+)[.,]/.exec(error.message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Whether a failed ClickHouse request may succeed if sent again (server down, overloaded, timed out). */
export function isRetriableClickHouseError(error: unknown): boolean {
  if (isProgrammingError(error)) return false;
  const code = clickHouseErrorCode(error);
  // No server code: the request never got an answer (refused, reset, timed out).
  return code === undefined || RETRIABLE_CODES.has(code);
}

/** Whether the server refused the login (unknown user, wrong or missing password, address not allowed). */
export function isClickHouseAuthError(error: unknown): boolean {
  const code = clickHouseErrorCode(error);
  return code !== undefined && AUTH_CODES.has(code);
}

/** Wraps a failed ClickHouse request in a LoyaltyError that says whether to retry it. */
export function clickHouseFailure(what: string, error: unknown): LoyaltyError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (isClickHouseAuthError(error)) {
    return new LoyaltyError(
      `ClickHouse ${what} failed: authentication failed (check CLICKHOUSE_USER and CLICKHOUSE_PASSWORD): ${detail}`,
      { retriable: false, cause: error },
    );
  }
  return new LoyaltyError(`ClickHouse ${what} failed: ${detail}`, {
    retriable: isRetriableClickHouseError(error),
    cause: error,
  });
}
