import { globalRegistry, type z } from 'zod';

/** One environment variable a schema reads: for usage texts and the configuration reference. */
export interface Variable {
  readonly name: string;
  /** The default as text, "-" when the variable is optional without one, "(required)" when needed. */
  readonly default: string;
  readonly description: string;
}

/**
 * The variables of an environment schema, in its order. A default computed at start (say, from
 * the machine's cores) names itself with `.meta({ defaultText })`, so that a reference written
 * on one machine holds on every other.
 */
export function variablesOf(schema: z.ZodObject): Variable[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const type = field as z.ZodType;
    const meta = globalRegistry.get(type) as { defaultText?: string } | undefined;
    const parsed = type.safeParse(undefined);
    const fallback = !parsed.success
      ? '(required)'
      : parsed.data === undefined
        ? '-'
        : defaultText(parsed.data);
    return { name, default: meta?.defaultText ?? fallback, description: type.description ?? '' };
  });
}

function defaultText(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return String(value);
}
