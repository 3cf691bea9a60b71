// docs/configuration.md, generated from the zod schemas every program reads its environment
// with: each variable's default and the description its parser quotes in errors. The shared
// groups (connections, the input pipeline, the erasure secret) are listed once; each program's
// section names the groups it reads and lists its own variables.
import { aggregatorEnv } from '@loyalty/aggregator';
import { COMMANDS } from '@loyalty/cli';
import {
  clickhouseEnv,
  erasureEnv,
  kafkaEnv,
  outputFormatEnv,
  pipelineEnv,
  redisEnv,
  registryEnv,
  variablesOf,
} from '@loyalty/config';
import { dashboardEnv } from '@loyalty/dashboard';
import { sinkEnv } from '@loyalty/history-sink';
import { subscriberEnv } from '@loyalty/marketing-subscriber';
import { simulatorEnv } from '@loyalty/simulator';
import type { z } from 'zod';

const GROUPS: readonly { readonly name: string; readonly schema: z.ZodObject }[] = [
  { name: 'Kafka connection', schema: kafkaEnv },
  { name: 'Redis connection', schema: redisEnv },
  { name: 'ClickHouse connection', schema: clickhouseEnv },
  { name: 'Schema registry', schema: registryEnv },
  { name: 'Input pipeline', schema: pipelineEnv },
  { name: 'Erasure', schema: erasureEnv },
  { name: 'Output format', schema: outputFormatEnv },
];

const PROGRAMS: readonly {
  readonly name: string;
  readonly how: string;
  readonly schemas: readonly z.ZodObject[];
}[] = [
  { name: 'aggregator', how: '`services/aggregator`, `aggregator --help`', schemas: [aggregatorEnv] },
  { name: 'history sink', how: '`services/history-sink`, `history-sink --help`', schemas: [sinkEnv] },
  {
    name: 'marketing subscriber (example)',
    how: '`services/marketing-subscriber`, `marketing-subscriber --help`',
    schemas: [subscriberEnv],
  },
  { name: 'simulator', how: '`services/simulator`, `simulator --help`', schemas: [simulatorEnv] },
  { name: 'dashboard', how: '`services/dashboard`, `loyalty-dashboard --help`', schemas: [dashboardEnv] },
  ...COMMANDS.map((command) => ({
    name: `loyalty ${command.name}`,
    how: `\`loyalty ${command.name} --help\``,
    schemas: command.env,
  })),
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

// A Markdown table with its columns padded, as the formatter (biome) lays them out.
function table(variables: readonly { name: string; default: string; description: string }[]): string {
  const rows = [
    ['variable', 'default', 'meaning'],
    ...variables.map((v) => [
      `\`${v.name}\``,
      v.default === '-' ? 'unset' : `\`${cell(v.default)}\``,
      cell(v.description),
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(3, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((text, i) => text.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

/** The reference's Markdown. */
export function configReference(): string {
  const sections = [
    '# Configuration reference',
    '',
    'Every environment variable each program reads, its default and its meaning. Generated from',
    'the zod schemas the programs parse their environment with (`pnpm run docs:config`); a test',
    'fails when this file is stale. An empty variable counts as unset. A value that fails its check',
    'stops start-up with a message naming the variable and this meaning. The local stack',
    '(`infra/local/stack.sh`) reads the connection variables too; its own are listed in its header.',
    '',
    '## Shared groups',
  ];
  for (const group of GROUPS) sections.push('', `### ${group.name}`, '', table(variablesOf(group.schema)));
  sections.push('', '## Programs');
  for (const program of PROGRAMS) {
    const names = new Set(program.schemas.flatMap((schema) => Object.keys(schema.shape)));
    const read = GROUPS.filter((group) => Object.keys(group.schema.shape).every((name) => names.has(name)));
    const shared = new Set(read.flatMap((group) => Object.keys(group.schema.shape)));
    const own = new Map(
      program.schemas
        .flatMap((schema) => variablesOf(schema))
        .filter((v) => !shared.has(v.name))
        .map((v) => [v.name, v]),
    );
    sections.push('', `### ${program.name}`, '', `See ${program.how}.`, '');
    sections.push(
      read.length === 0
        ? 'Reads no shared group.'
        : `Reads the groups: ${read.map((g) => g.name).join(', ')}.`,
    );
    if (own.size > 0) sections.push('', table([...own.values()]));
  }
  return `${sections.join('\n')}\n`;
}
