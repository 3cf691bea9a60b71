import { parseArgs } from 'node:util';
import { z } from 'zod';

/** A command-line problem, reported with the usage. */
export class UsageError extends Error {}

type Kind = 'flag' | 'list' | 'value';

/** How an option of `schema` is written: a boolean is a flag, an array a comma-separated list. */
function kindOf(field: z.ZodType): Kind {
  const inner = field instanceof z.ZodDefault || field instanceof z.ZodOptional ? field.unwrap() : field;
  if (inner instanceof z.ZodBoolean) return 'flag';
  return inner instanceof z.ZodArray ? 'list' : 'value';
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Parses a command line whose options are the keys of `schema` spelt in kebab case
 * (`latenessMs` is `--lateness-ms`), then validates them with it, so that an option is declared
 * once. Options not given take the schema's defaults; `undefined` means --help. A problem is a
 * UsageError naming the option as it is spelt on the command line.
 */
export function parseCommandLine<S extends z.ZodObject>(
  schema: S,
  argv: readonly string[],
): z.output<S> | undefined {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(
    ([key, field]) => [key, kebab(key), kindOf(field)] as const,
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        ...Object.fromEntries(
          fields.map(([, flag, kind]) => [flag, { type: kind === 'flag' ? 'boolean' : 'string' } as const]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(
      (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'bad arguments',
    );
  }
  if (values.help === true) return undefined;
  const given: Record<string, unknown> = {};
  for (const [key, flag, kind] of fields) {
    const value = values[flag];
    if (value === undefined) continue;
    given[key] = kind === 'list' && typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  }
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UsageError(`--${kebab(String(issue?.path[0] ?? ''))}: ${issue?.message ?? 'invalid'}`);
}
