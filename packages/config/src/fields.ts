import { accessSync, constants, statSync } from 'node:fs';
import { z } from 'zod';

// Reusable field types for environment schemas. Each carries its expected form in
// `.describe()` so that ConfigError can quote it.

/** A comma-separated list of host:port. */
export const hostPortList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'not host:port')).min(1));

/**
 * A URL scheme://host... with one of the given schemes, without spaces, whose user name and
 * password (if any) percent-decode. The URL parser alone accepts `redis:/u:p@h` and
 * `redis:u:p@h` as a path with no host, which would connect elsewhere and never send the
 * password; and a raw space would end the password where the logs look for it (mask-secrets.ts).
 */
export function urlWith(...protocols: string[]) {
  return z
    .url({ protocol: new RegExp(`^(${protocols.join('|')})$`), hostname: /./ })
    .refine((url) => /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url), 'no "//" after the scheme')
    .refine((url) => !/\s/.test(url), 'a space inside (percent-encode it as %20)')
    .refine(hasDecodableCredentials, 'a malformed %-escape in the user name or password');
}

function hasDecodableCredentials(url: string): boolean {
  // A value that is no URL at all has had its issue from z.url already.
  if (!URL.canParse(url)) return true;
  const { username, password } = new URL(url);
  try {
    decodeURIComponent(username);
    decodeURIComponent(password);
    return true;
  } catch {
    return false;
  }
}

/** A positive integer given as a decimal string. */
export const positiveInt = z.coerce.number().int().positive();

/** A non-negative integer given as a decimal string. */
export const nonNegativeInt = z.coerce.number().int().nonnegative();

/** A pino log level. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** "true" or "false" (also 1/0, yes/no, on/off), as a boolean. */
export const booleanFlag = z.stringbool();

/** The path of a file this process can read, checked at start so a typo fails there and not at first use. */
export const readableFile = z.string().refine(isReadableFile, 'not a readable file');

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
