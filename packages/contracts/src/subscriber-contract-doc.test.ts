// docs/subscriber-contract.md quotes the contract's enumerations for people; this keeps the quote
// complete as the lists grow, and its links pointing at files that exist.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHURN_DRIVERS,
  CHURN_LEVELS,
  DEAD_LETTER_HEADERS,
  PYRAMID_LEVELS,
  SCORE_DECIMALS,
  STAGE_RULES,
  STAGES,
  TIER_REASONS,
  TIERS,
  TOPICS,
  WALLET_BANDS,
} from './index.js';

const docs = new URL('../../../docs/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, docs), 'utf8');
const contract = read('subscriber-contract.md');
const quoted = (value: string) => contract.includes(`\`${value}\``);

describe('docs/subscriber-contract.md', () => {
  it.each([
    ['tiers', TIERS],
    ['churn levels', CHURN_LEVELS],
    ['share-of-wallet bands', WALLET_BANDS],
    ['pyramid levels', PYRAMID_LEVELS],
    ['stages', STAGES],
    ['tier reasons', Object.values(TIER_REASONS)],
    ['churn drivers', Object.values(CHURN_DRIVERS)],
    ['dead-letter headers', Object.values(DEAD_LETTER_HEADERS)],
    [
      'topics',
      Object.values(TOPICS).filter((topic) => !/purchases|complaints|campaign|wallet-estimates/.test(topic)),
    ],
  ])('quotes every one of the %s', (_, values: readonly string[]) => {
    expect(values.filter((value) => !quoted(value))).toEqual([]);
  });

  it('pairs each stage with its rule in the stage table', () => {
    const unpaired = STAGES.filter(
      (stage) => !new RegExp(`\\| \`${stage}\` +\\| \`${STAGE_RULES[stage]}\` +\\|`).test(contract),
    );
    expect(unpaired).toEqual([]);
  });

  it('states the precision of scores', () => {
    expect(contract).toContain(`rounded to ${SCORE_DECIMALS} decimal places`);
  });

  it.each(['subscriber-contract.md', 'event-time.md'])('%s links only to files that exist', (name) => {
    const targets = [...read(name).matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((m) => m[1] as string);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !existsSync(fileURLToPath(new URL(target, docs))))).toEqual([]);
  });
});
