import type { z } from 'zod';
import { ConfigError } from './config-error.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses environment variables with a zod object whose keys are the variable names.
 * Each field's `.describe()` is the expected form quoted in the error. Throws the first
 * problem as a ConfigError naming the variable.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    // An empty variable means "not set", as in most shells' `VAR= command`.
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? '(environment)');
  const field = schema.shape[variable] as z.ZodType | undefined;
  const given = picked[variable];
  const problem =
    given === undefined
      ? 'is missing'
      : `${JSON.stringify(given)} is invalid (${issue?.message ?? 'invalid'})`;
  throw new ConfigError(variable, problem, field?.description ?? 'a valid value');
}
