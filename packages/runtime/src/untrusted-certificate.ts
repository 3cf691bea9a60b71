import { errorChain } from './error-chain.js';

// Node's codes (OpenSSL's verify results, and its own host-name check) for a server
// certificate the client does not trust: a configuration problem that no retry can fix.
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The code of the certificate check that failed, if `error` (or a cause) is a TLS trust failure. */
export function untrustedCertificateCode(error: unknown): string | undefined {
  for (const e of errorChain(error)) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && UNTRUSTED.has(code)) return code;
  }
  return undefined;
}
