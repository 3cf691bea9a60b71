/** A configuration problem: start-up stops with this one-line message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${variable}: ${problem}; expected ${expected}`);
  }
}
