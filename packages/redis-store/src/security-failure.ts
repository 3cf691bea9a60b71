import { errorChain, LoyaltyError, untrustedCertificateCode } from '@loyalty/runtime';

const CREDENTIALS = 'the user:password in REDIS_URL, or REDIS_USERNAME and REDIS_PASSWORD';

/**
 * The configuration problem behind a failed Redis call, if it is one: refused credentials
 * (WRONGPASS, NOAUTH), a user the ACL does not allow a command (NOPERM), or an untrusted
 * server certificate. The LoyaltyError is not retriable and names what to check; other
 * errors give undefined.
 */
export function redisSecurityFailure(error: unknown): LoyaltyError | undefined {
  for (const e of errorChain(error)) {
    if (!(e instanceof Error)) continue;
    if (/^(WRONGPASS|NOAUTH)\b/.test(e.message)) {
      return new LoyaltyError(`Redis authentication failed (check ${CREDENTIALS}): ${e.message}`, {
        retriable: false,
        cause: error,
      });
    }
    if (/^NOPERM\b/.test(e.message)) {
      return new LoyaltyError(`Redis refused a command to this user (check its ACL rules): ${e.message}`, {
        retriable: false,
        cause: error,
      });
    }
  }
  const code = untrustedCertificateCode(error);
  return code === undefined
    ? undefined
    : new LoyaltyError(
        `Redis's TLS certificate is not trusted (${code}; check REDIS_TLS_CA_FILE, or that REDIS_URL names the host the certificate is for)`,
        { retriable: false, cause: error },
      );
}
