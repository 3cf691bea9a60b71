// What --print-config and the logs show instead of a secret. A secret is a value under a key
// that names one (KAFKA_SASL_PASSWORD, password, clientSecret), or the password part of a URL
// (redis://user:password@host).

/** The text shown in place of a secret. */
export const SECRET_MASK = '***';

const SECRET_KEY = /(password|passwd|passphrase|secret)$/i;

// scheme://user:password@host, where the userinfo ends at the last "@" before the path, query
// or fragment, as in the WHATWG URL parser (so a stray "@" in a password is masked too).
const URL_PASSWORD = /(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#]*@/g;

/** Whether a configuration variable or log field holds a secret, judged by its name. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The text with the password of every URL in it replaced by the mask (scheme://user:***@host). */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1${SECRET_MASK}@`);
}

/**
 * A copy of a configuration (or any plain data) safe to print: values under secret keys are
 * masked unless empty (an empty password is worth seeing), and so are passwords in URLs.
 * Class instances other than arrays are returned as they are.
 */
export function maskSecrets<T>(value: T): T {
  return maskValue(value, false, new Set()) as T;
}

// `ancestors` holds the objects being copied above this one: a reference back to one of
// them would recurse forever, while the same object met twice side by side is fine.
function maskValue(value: unknown, secret: boolean, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return secret && value !== '' ? SECRET_MASK : maskUrlPasswords(value);
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object') return secret ? SECRET_MASK : value;
  if (ancestors.has(value)) return '[circular]';
  if (!Array.isArray(value) && !isPlainObject(value)) return secret ? SECRET_MASK : value;
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => maskValue(item, secret, ancestors))
    : Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          maskValue(item, secret || isSecretKey(key), ancestors),
        ]),
      );
  ancestors.delete(value);
  return copy;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
