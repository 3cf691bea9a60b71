// What subscribers received, read back from the output topics the way a subscriber folds them:
// per partition in offset order, each eventId once. The checks of issue 15's guarantee: once
// quiet, the newest event per customer and kind (tier, stage, churn, share of wallet, pyramid level) equals the stored
// value, every chain of
// events is gap-free (each previous is the next of the one before), and the compacted state
// topic holds the same values, since-times and counts.
import type { TopicNames } from '@loyalty/contracts';
import { readAllMessages } from '@loyalty/testkit/servers';
import { expect } from 'vitest';
import type { Harness } from './harness.js';

type Kind = 'tier' | 'stage' | 'churn' | 'wallet' | 'pyramid';
const KINDS = ['tier', 'stage', 'churn', 'wallet', 'pyramid'] as const satisfies readonly Kind[];

interface Change {
  readonly eventId: string;
  readonly customerId: string;
  readonly kind: Kind;
  readonly previous: string | null;
  readonly next: string;
  readonly occurredAt: string;
  readonly correction: boolean;
}

interface StateRecord {
  readonly tier: string | null;
  readonly tierSince: string | null;
  readonly stage: string | null;
  readonly stageSince: string | null;
  readonly churnLevel: string | null;
  readonly churnSince: string | null;
  readonly walletBand: string | null;
  readonly walletBandSince: string | null;
  readonly pyramidLevel: string | null;
  readonly pyramidLevelSince: string | null;
  readonly changes: number;
}

export interface Changelog {
  /** Each customer's distinct change events, in the order a subscriber received them, by kind. */
  readonly chains: Map<string, Record<Kind, Change[]>>;
  /** The last record per customer on the state topic (null: a tombstone). */
  readonly states: Map<string, StateRecord | null>;
  /** Messages read, repeats included. */
  readonly messages: number;
  readonly corrections: number;
}

async function inOffsetOrder(h: Harness, topic: string) {
  const messages = await readAllMessages(h.kafka, topic);
  return messages.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

function toChange(kind: Kind, event: Record<string, unknown>): Change {
  const [previous, next] =
    kind === 'tier'
      ? [event.previousTier, event.newTier]
      : kind === 'stage'
        ? [event.previousStage, event.newStage]
        : kind === 'churn' || kind === 'pyramid'
          ? [event.previousLevel, event.newLevel]
          : [event.previousBand, event.newBand];
  return {
    eventId: String(event.eventId),
    customerId: String(event.customerId),
    kind,
    previous: (previous as string | null) ?? null,
    next: String(next),
    occurredAt: String(event.occurredAt),
    correction: event.correction === true,
  };
}

/** Reads the change topics and the state topic (JSON outputs) as a subscriber would. */
export async function readChangelog(h: Harness, topics: TopicNames = h.topics): Promise<Changelog> {
  const chains = new Map<string, Record<Kind, Change[]>>();
  const seen = new Set<string>();
  let messages = 0;
  let corrections = 0;
  const kinds: Array<[Kind, string]> = [
    ['tier', topics.tierChanges],
    ['stage', topics.stageChanges],
    ['churn', topics.churnRisk],
    ['wallet', topics.walletShareChanges],
    ['pyramid', topics.pyramidLevelChanges],
  ];
  for (const [kind, topic] of kinds) {
    for (const message of await inOffsetOrder(h, topic)) {
      messages++;
      const change = toChange(kind, JSON.parse(String(message.value)) as Record<string, unknown>);
      if (seen.has(change.eventId)) continue;
      seen.add(change.eventId);
      if (change.correction) corrections++;
      const chain = chains.get(change.customerId) ?? {
        tier: [],
        stage: [],
        churn: [],
        wallet: [],
        pyramid: [],
      };
      chain[kind].push(change);
      chains.set(change.customerId, chain);
    }
  }
  const states = new Map<string, StateRecord | null>();
  for (const message of await inOffsetOrder(h, topics.customerState)) {
    messages++;
    const key = String(message.key);
    states.set(key, message.value === null ? null : (JSON.parse(String(message.value)) as StateRecord));
  }
  return { chains, states, messages, corrections };
}

interface StoredValues {
  readonly tier: string | null;
  readonly stage: string | null;
  readonly churn: string | null;
  readonly wallet?: string | null;
  readonly pyramid?: string | null;
}

/**
 * Asserts the guarantee against the stored values of every customer and their announced
 * pyramid levels: (b) the fold of each change topic equals them, (c) every chain is gap-free,
 * (d) the state topic equals them.
 */
export function expectConverged(
  changelog: Changelog,
  storedValues: ReadonlyMap<string, StoredValues | undefined>,
  pyramidLevels: ReadonlyMap<string, string>,
): void {
  const folded = new Map<string, StoredValues>();
  const gaps: string[] = [];
  const stateMismatches: string[] = [];
  for (const [customerId, chain] of changelog.chains) {
    for (const kind of KINDS) {
      let held: string | null = null;
      for (const change of chain[kind]) {
        if (change.previous !== held)
          gaps.push(`${customerId} ${kind}: ${held} then ${change.previous} -> ${change.next}`);
        held = change.next;
      }
    }
    const last = (kind: Kind) => chain[kind][chain[kind].length - 1];
    folded.set(customerId, {
      tier: last('tier')?.next ?? null,
      stage: last('stage')?.next ?? null,
      churn: last('churn')?.next ?? null,
      wallet: last('wallet')?.next ?? null,
      pyramid: last('pyramid')?.next ?? null,
    });
    const state = changelog.states.get(customerId);
    const expected = {
      tier: last('tier')?.next ?? null,
      tierSince: last('tier')?.occurredAt ?? null,
      stage: last('stage')?.next ?? null,
      stageSince: last('stage')?.occurredAt ?? null,
      churnLevel: last('churn')?.next ?? null,
      churnSince: last('churn')?.occurredAt ?? null,
      walletBand: last('wallet')?.next ?? null,
      walletBandSince: last('wallet')?.occurredAt ?? null,
      pyramidLevel: last('pyramid')?.next ?? null,
      pyramidLevelSince: last('pyramid')?.occurredAt ?? null,
      changes: chain.tier.length + chain.stage.length + chain.churn.length + chain.wallet.length,
    };
    if (state === undefined || state === null || JSON.stringify(pick(state)) !== JSON.stringify(expected))
      stateMismatches.push(
        `${customerId}: state ${JSON.stringify(state && pick(state))}, changes ${JSON.stringify(expected)}`,
      );
  }
  const stored = new Map(
    [...storedValues]
      .filter((entry): entry is [string, StoredValues] => entry[1] !== undefined)
      .filter(
        ([, v]) => v.tier !== null || v.stage !== null || v.churn !== null || (v.wallet ?? null) !== null,
      )
      .map(([id, v]) => [
        id,
        {
          tier: v.tier,
          stage: v.stage,
          churn: v.churn,
          wallet: v.wallet ?? null,
          pyramid: pyramidLevels.get(id) ?? null,
        },
      ]),
  );
  expect(gaps.slice(0, 5), `${gaps.length} gaps in the chains`).toEqual([]);
  expect(folded, 'the fold of the change topics').toEqual(stored);
  expect(stateMismatches.slice(0, 5), `${stateMismatches.length} state records off`).toEqual([]);
  expect(changelog.states.size, 'customers on the state topic').toBe(stored.size);
}

function pick(state: StateRecord) {
  const { tier, tierSince, stage, stageSince, churnLevel, churnSince, walletBand, walletBandSince } = state;
  const { pyramidLevel, pyramidLevelSince, changes } = state;
  return {
    tier,
    tierSince,
    stage,
    stageSince,
    churnLevel,
    churnSince,
    walletBand,
    walletBandSince,
    pyramidLevel,
    pyramidLevelSince,
    changes,
  };
}
