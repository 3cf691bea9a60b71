// What --print-config, configuration errors and the logs show instead of a secret. A secret
// is a value under a key that names one (KAFKA_SASL_PASSWORD, password, clientSecret), or the
// password of a `user:password@host` wherever it stands in a text: in a URL, in a malformed
// one (redis//u:p@h, redis:u:p@h), with no scheme at all, or in a comma-separated list.

/** The text shown in place of a secret. */
export const SECRET_MASK = '***';

const SECRET_KEY = /(password|passwd|passphrase|secret)$/i;

// A character of a user name: anything but what ends a word or a URL's part before it.
const USER_CHAR = String.raw`[^\s"'\x60<>()\[\]{}:/@,;]`;
// The userinfo ends at the "@" followed by a host (a name or a bracketed IPv6 address), an
// optional :port and then anything that cannot continue them (not "@", nor ":x"). So
// `p@ss@host` and `p@ss:x@host` are one password, as the WHATWG URL parser reads the last "@"
// of an authority, while in `u:a@h1:1,v:b@h2:2` each broker's password ends at its own "@".
const HOST_AHEAD = String.raw`(?=(?:\[[0-9A-Fa-f:.]{1,64}\]|[A-Za-z0-9._~%-]{1,253})(?::\d+)?(?![A-Za-z0-9._~%@-]|:[A-Za-z0-9._~%@-]))`;
// What cannot open a password: "//" is a scheme's (`https://h/@x` has no userinfo), and digits
// then "/", "?", "#", "," or a space are a port (`http://h:8123/?to=a@b`, `h1:1,u:p@h2`).
const NOT_A_PASSWORD = String.raw`(?!\/\/)(?!\d{1,5}[/?#,;\s])`;
// Lengths are bounded so that a long text is scanned in linear time; a password longer than
// 256 characters is not recognised.
function userinfoPattern(passwordChar: string): RegExp {
  const user = `(?<!${USER_CHAR})(${USER_CHAR}{0,256})`;
  return new RegExp(`${user}:${NOT_A_PASSWORD}${passwordChar}{1,256}?@${HOST_AHEAD}`, 'g');
}

// In prose and logs a password holds no space (so "at 10:30 ops@example.com" keeps its time)
// and no double quote (so JSON text such as {"a":true,"b":"c@d"} is left alone).
const PROSE_USERINFO = userinfoPattern(String.raw`[^\s"]`);
// In one received value a password may hold inner spaces ("correct horse") and quotes.
const VALUE_USERINFO = userinfoPattern(String.raw`(?!\s)[^\r\n]`);

/** Whether a configuration variable or log field holds a secret, judged by its name. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * The text with the password of every `user:password@host` in it replaced by the mask
 * (redis://u:***@host, u:***@host), in URLs or not. Text without such a pattern, an e-mail
 * address or a host:port list, is returned as it is.
 */
export function maskUrlPasswords(text: string): string {
  return text.includes('@') ? text.replace(PROSE_USERINFO, `$1:${SECRET_MASK}@`) : text;
}

/**
 * One received value (an environment variable, not prose) with every password in it masked,
 * as maskUrlPasswords does, except that a password may also hold spaces and quotes here.
 */
export function maskValuePasswords(value: string): string {
  return value.includes('@') ? value.replace(VALUE_USERINFO, `$1:${SECRET_MASK}@`) : value;
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
