import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';

/**
 * Reads a JSON file named by an environment variable and validates it; every problem is a
 * ConfigError naming the variable, the file and the failing path.
 */
export function loadJsonFile<S extends z.ZodType>(
  variable: string,
  path: string,
  schema: S,
  expected: string,
): z.output<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      variable,
      `cannot read ${JSON.stringify(path)} (${(error as Error).message})`,
      expected,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      variable,
      `${JSON.stringify(path)} is not JSON (${(error as Error).message})`,
      expected,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      variable,
      `${JSON.stringify(path)} at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      expected,
    );
  }
  return parsed.data;
}
