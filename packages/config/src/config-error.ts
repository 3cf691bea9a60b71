import { maskUrlPasswords } from './mask-secrets.js';

/**
 * A configuration problem: start-up stops with this one-line message. The problem may quote
 * a received value; any `user:password@` in it is masked here, so that no caller can leak one.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problem: string;
  constructor(
    readonly variable: string,
    problem: string,
    readonly expected: string,
  ) {
    const masked = maskUrlPasswords(problem);
    super(`${variable}: ${masked}; expected ${expected}`);
    this.problem = masked;
  }
}
