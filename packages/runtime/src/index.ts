export { errorChain } from './error-chain.js';
export { isProgrammingError, isRetriable, LoyaltyError } from './errors.js';
export type { Logger } from './logger.js';
export { createLogger } from './logger.js';
export type { RetryOptions } from './retry.js';
export { backoffDelay, DEFAULT_RETRY, retry } from './retry.js';
export { onShutdownSignal } from './shutdown.js';
export { untrustedCertificateCode } from './untrusted-certificate.js';
