import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { maskSecrets } from './mask-secrets.js';
import { parseEnv } from './parse-env.js';
import { readServiceStart, type ServiceSpec } from './service-command-line.js';

const schema = z.object({
  DEMO_PORT: z.coerce.number().int().default(9464).describe('a port'),
  DEMO_PASSWORD: z.string().optional().describe('the password'),
  DEMO_WORKERS: z.coerce
    .number()
    .default(() => 4)
    .meta({ description: 'workers', defaultText: 'the cores' }),
});

const spec: ServiceSpec<z.infer<typeof schema>> = {
  name: 'demo',
  summary: 'A demo service.',
  version: '1.2.3',
  schema,
  load: (env) => parseEnv(schema, env),
  printable: maskSecrets,
};

describe('readServiceStart', () => {
  it('prints usage with every variable and its default for --help or -h, reading no configuration', () => {
    for (const flag of ['--help', '-h']) {
      const start = readServiceStart(spec, [flag], { DEMO_PORT: 'not a port' });
      expect(start).toMatchObject({ exit: 0 });
      const text = 'stdout' in start ? (start.stdout ?? '') : '';
      expect(text).toMatch(/^usage: demo /);
      expect(text).toMatch(/DEMO_PORT +a port \(default: 9464\)/);
      expect(text).toMatch(/DEMO_PASSWORD +the password\n/);
      expect(text).toMatch(/DEMO_WORKERS +workers \(default: the cores\)/);
    }
  });

  it('tells the version', () => {
    expect(readServiceStart(spec, ['--version'], {})).toEqual({ exit: 0, stdout: 'demo 1.2.3\n' });
  });

  it('refuses an unknown argument in one line, exit code 2', () => {
    expect(readServiceStart(spec, ['--verbose'], {})).toEqual({
      exit: 2,
      stderr: 'demo: unknown argument "--verbose"; see demo --help\n',
    });
  });

  it('names the variable of a configuration problem, exit code 2', () => {
    const start = readServiceStart(spec, [], { DEMO_PORT: 'x' });
    expect(start).toMatchObject({
      exit: 2,
      stderr: expect.stringMatching(/^demo: configuration error: DEMO_PORT: "x" is invalid/),
    });
  });

  it('prints the configuration with secrets masked for --print-config, else runs with it', () => {
    const printed = readServiceStart(spec, ['--print-config'], { DEMO_PASSWORD: 'hunter2' });
    expect(printed).toMatchObject({ exit: 0 });
    expect('stdout' in printed && JSON.parse(printed.stdout ?? '')).toEqual({
      DEMO_PORT: 9464,
      DEMO_PASSWORD: '***',
      DEMO_WORKERS: 4,
    });
    expect(readServiceStart(spec, [], { DEMO_PORT: '1' })).toEqual({
      run: { DEMO_PORT: 1, DEMO_WORKERS: 4 },
    });
  });
});
