import type { z } from 'zod';

/**
 * The variables of `schema` out of an environment parsed with a schema that extends it, so
 * that a service hands an adapter all of its variables, including those added later.
 */
export function pickEnv<S extends z.ZodObject>(schema: S, parsed: z.infer<S>): z.infer<S> {
  const values = parsed as Record<string, unknown>;
  // Absent optional variables stay absent (exactOptionalPropertyTypes tells the two apart).
  const entries = Object.keys(schema.shape)
    .filter((name) => values[name] !== undefined)
    .map((name) => [name, values[name]]);
  return Object.fromEntries(entries) as z.infer<S>;
}
