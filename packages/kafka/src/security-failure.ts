import { errorChain, LoyaltyError, untrustedCertificateCode } from '@loyalty/runtime';

/**
 * The configuration problem behind a failed Kafka call, if it is one: refused credentials
 * or an untrusted broker certificate. The LoyaltyError is not retriable and names the
 * variables to check; other errors give undefined.
 */
export function kafkaSecurityFailure(error: unknown): LoyaltyError | undefined {
  // By name: kafkajs wraps errors as they travel, and one copy of kafkajs may not be ours.
  const refused = errorChain(error).find(
    (e): e is Error => e instanceof Error && e.name === 'KafkaJSSASLAuthenticationError',
  );
  if (refused !== undefined) {
    return new LoyaltyError(
      `Kafka authentication failed (check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD): ${refused.message}`,
      { retriable: false, cause: error },
    );
  }
  const code = untrustedCertificateCode(error);
  if (code !== undefined) {
    return new LoyaltyError(
      `Kafka's TLS certificate is not trusted (${code}; check KAFKA_TLS_CA_FILE, or that KAFKA_BROKERS names the host the certificate is for)`,
      { retriable: false, cause: error },
    );
  }
  return undefined;
}
