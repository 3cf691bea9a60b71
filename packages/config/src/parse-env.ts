import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { crossFieldProblem } from './cross-field-checks.js';
import { isSecretKey, maskValuePasswords, SECRET_MASK } from './mask-secrets.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses environment variables with a zod object whose keys are the variable names.
 * Each field's `.describe()` is the expected form quoted in the error. Then checks the
 * variables that depend on each other (cross-field-checks.ts). Throws the first problem as a
 * ConfigError naming the variable; a secret's value is never quoted, and any other value is
 * quoted with the password of every `user:password@` in it masked, malformed URL or not.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    // An empty variable means "not set", as in most shells' `VAR= command`.
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = schema.safeParse(picked);
  if (result.success) {
    const problem = crossFieldProblem(new Set(Object.keys(schema.shape)), result.data);
    if (problem !== undefined) throw problem;
    return result.data;
  }
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? '(environment)');
  const field = schema.shape[variable] as z.ZodType | undefined;
  const given = picked[variable];
  const problem =
    given === undefined
      ? 'is missing'
      : `${JSON.stringify(isSecretKey(variable) ? SECRET_MASK : maskValuePasswords(given))} is invalid (${issue?.message ?? 'invalid'})`;
  throw new ConfigError(variable, problem, field?.description ?? 'a valid value');
}
