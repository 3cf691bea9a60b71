import { OUTPUT_SOURCE, type OutputEvent, SCHEMA_VERSION, type TopicNames } from '@loyalty/contracts';
import {
  correctionEventId,
  type EpochPyramid,
  epochAtOrBefore,
  epochPyramid,
  levelAtEpoch,
  mergeBucketCounts,
  PYRAMID_LEVELS,
  type PyramidLevel,
  placesAt,
  pyramidEpochs,
  type Rules,
  transitionEventId,
} from '@loyalty/core';
import { sendInSlices } from '@loyalty/kafka';
import type { AnnouncedLevel, OutboxMessage, PyramidEpochStore } from '@loyalty/redis-store';
import type { Message, Producer } from 'kafkajs';
import type { CachedCustomer } from './customer-cache.js';
import { announcedBy, type CustomerValues } from './customer-values.js';
import type { OutputEncoder } from './output-encoder.js';
import { toCustomerState } from './to-customer-state.js';

/** How many customers one round of a pass loads at once. */
const ROUND_SIZE = 1_000;

export interface PyramidAnnouncerDeps {
  readonly epochs: PyramidEpochStore;
  /** The customers' histories and evaluations, from the cache or Redis (ShardEvaluator.load). */
  readonly load: (customerIds: readonly string[]) => Promise<Map<string, CachedCustomer<CustomerValues>>>;
  readonly producer: Producer;
  readonly rules: Rules;
  readonly topics: TopicNames;
  readonly currency: string;
  readonly encoder: () => OutputEncoder;
  /** How many shards there are (the input topics' partitions): an epoch needs the counts of all. */
  readonly shardCount: () => number;
}

/**
 * Announces the customers' levels in the value pyramid at each epoch (the start of a month,
 * UTC; docs/value-pyramid.md). A level depends on every customer's value, so an epoch goes in
 * two steps: each shard, once its watermark has passed the epoch, counts its customers' buckets
 * at the epoch from their histories (count); once every shard has, the merged counts give the
 * epoch's cut-offs, the same wherever they are merged, and each shard announces its customers
 * whose level moved (announce). Both steps can run again after a crash and give the same
 * counts, levels and event ids.
 */
export class PyramidAnnouncer {
  readonly emitted: Record<string, number> = {};
  // Per shard not yet counted, the month whose start was found to pass no epoch yet: until the
  // watermark enters another month (or late input comes) the answer stays, and finding it reads
  // every customer of the shard.
  private readonly nothingDueIn = new Map<number, number>();

  constructor(private readonly deps: PyramidAnnouncerDeps) {}

  /**
   * Counts the shard at every epoch its watermark has passed since the last one counted;
   * returns whether it counted one (then an announcement may be due).
   */
  async count(shard: number, watermark: number): Promise<boolean> {
    const { epochs } = this.deps;
    // A watermark before any representable moment (none set yet) passes no epoch.
    if (Number.isNaN(epochAtOrBefore(watermark))) return false;
    const { counted } = await epochs.progress(shard);
    if (counted !== undefined && !(epochAtOrBefore(watermark) > counted)) return false;
    if (counted === undefined && this.nothingDueIn.get(shard) === epochAtOrBefore(watermark)) return false;
    const members = await epochs.members(shard);
    let from = counted;
    if (from === undefined) {
      // The first epoch the shard counts is the first after its earliest sale: before it the
      // shard had no customer in the pyramid, which its counts then say by their absence.
      const earliest = await this.earliestSale(members);
      if (earliest === undefined) {
        await epochs.saveCounts(shard, epochAtOrBefore(watermark), new Map());
        return true;
      }
      // A sale at an epoch's very moment counts at that epoch.
      from = earliest - 1;
    }
    const due = pyramidEpochs(from, watermark);
    if (due.length === 0) {
      if (counted === undefined) this.nothingDueIn.set(shard, epochAtOrBefore(watermark));
      return false;
    }
    await this.countAt(shard, members, due);
    return true;
  }

  /** Forgets what it learnt of the shards: another owner may have changed them meanwhile. */
  forget(): void {
    this.nothingDueIn.clear();
  }

  /**
   * Counts again the epochs late input changed (noteLate). It reads every customer of the shard,
   * so the timer sweep runs it, once per sweep however many batches brought late input.
   */
  async recount(shard: number): Promise<void> {
    const { epochs } = this.deps;
    const { counted, recount } = await epochs.progress(shard);
    if (counted === undefined || recount === undefined) return;
    await this.countAt(shard, await epochs.members(shard), fromFirst(recount, counted));
    await epochs.recounted(shard, recount);
  }

  /**
   * Notes input that arrived at or before the shard's watermark: when it falls at or before an
   * epoch the shard already counted, those epochs are to be counted again (by `recount`), and
   * the levels announced at them checked (by `announce`).
   */
  async noteLate(shard: number, earliestAt: number): Promise<void> {
    // A late first sale can put an epoch before the shard's watermark.
    this.nothingDueIn.delete(shard);
    const { counted } = await this.deps.epochs.progress(shard);
    if (counted === undefined) return;
    const first = pyramidEpochs(earliestAt - 1, counted)[0];
    if (first !== undefined) await this.deps.epochs.markRecount(shard, first);
  }

  /** Counts the members' buckets at each epoch from their histories and records the counts. */
  private async countAt(shard: number, members: readonly string[], due: readonly number[]): Promise<void> {
    const counts = due.map(() => new Map<number, number>());
    await this.forEachCustomer(members, (_, customer) => {
      placesAt(customer.history, due, this.deps.rules).forEach((place, i) => {
        const epochCounts = counts[i];
        if (place !== undefined && epochCounts !== undefined)
          epochCounts.set(place.bucket, (epochCounts.get(place.bucket) ?? 0) + 1);
      });
    });
    for (const [i, epoch] of due.entries())
      await this.deps.epochs.saveCounts(shard, epoch, counts[i] ?? new Map());
  }

  /**
   * Sends what a crash kept in the shard's outbox, then announces every epoch after the shard's
   * last that every shard has counted. Returns how many messages went out.
   */
  async announce(shard: number): Promise<number> {
    const { epochs } = this.deps;
    let sent = await this.send(shard, await epochs.outbox(shard));
    const shardCount = this.deps.shardCount();
    // Read first: a recount after it is checked at the next call.
    const recounts = await epochs.recounts();
    const progress = await epochs.progressOf(shardCount);
    const own = progress[shard];
    const counted = progress.map((p) => p.counted);
    if (own === undefined || counted.some((c) => c === undefined)) return sent;
    const everywhere = Math.min(...(counted as number[]));
    let announced = own.announced;
    const due =
      announced === undefined
        ? fromFirst(await epochs.firstCounted(shardCount), everywhere)
        : pyramidEpochs(announced, everywhere);
    for (const epoch of due) {
      sent += await this.announceAt(shard, await this.pyramidAt(epoch, shardCount));
      announced = epoch;
    }
    if (recounts > own.reconciled) {
      // Late input recounted an epoch: the levels announced at the shard's latest epoch are
      // checked against its counts as they are now, and corrected where they moved.
      if (due.length === 0 && announced !== undefined)
        sent += await this.announceAt(shard, await this.pyramidAt(announced, shardCount), recounts);
      await epochs.reconciled(shard, recounts);
    }
    return sent;
  }

  private async pyramidAt(epoch: number, shardCount: number): Promise<EpochPyramid> {
    const parts = await this.deps.epochs.counts(shardCount, epoch);
    return epochPyramid(
      epoch,
      mergeBucketCounts(parts.filter((p): p is Map<number, number> => p !== undefined)),
      this.deps.rules.pyramid,
    );
  }

  /** Announces the shard's level changes at an epoch; with `correcting`, as corrections. */
  private async announceAt(shard: number, pyramid: EpochPyramid, correcting?: number): Promise<number> {
    const outbox = await this.changesAt(shard, pyramid, correcting);
    await this.deps.epochs.announce(shard, pyramid.epoch, outbox.changes, outbox.messages);
    return this.send(shard, outbox.messages);
  }

  /** The level changes of the shard's customers at an epoch, and the messages announcing them. */
  private async changesAt(
    shard: number,
    pyramid: EpochPyramid,
    correcting?: number,
  ): Promise<{
    changes: { customerId: string; level: PyramidLevel; since: number }[];
    messages: OutboxMessage[];
  }> {
    const { epochs, rules, topics, currency } = this.deps;
    const encode = this.deps.encoder();
    const changes: { customerId: string; level: PyramidLevel; since: number }[] = [];
    const messages: OutboxMessage[] = [];
    const members = await epochs.members(shard);
    for (let i = 0; i < members.length; i += ROUND_SIZE) {
      const ids = members.slice(i, i + ROUND_SIZE);
      const [customers, announced] = await Promise.all([this.deps.load(ids), epochs.levels(shard, ids)]);
      for (const [j, customerId] of ids.entries()) {
        const customer = customers.get(customerId);
        if (customer === undefined || pyramid.cutoffs === undefined) continue;
        const place = placesAt(customer.history, [pyramid.epoch], rules)[0];
        const level = levelAtEpoch(pyramid, place?.bucket);
        const previous = announcedLevel(announced[j])?.level ?? null;
        if (place === undefined || level === undefined || level === previous) continue;
        const { cutoffs } = pyramid;
        const event: OutputEvent = {
          type: 'pyramid-level-changed',
          // A correction's id also counts the recounts, so a later one to the same level at the
          // same epoch (after the history flipped back) gets an id of its own.
          eventId:
            correcting === undefined
              ? transitionEventId(customerId, 'pyramid', previous, level, pyramid.epoch)
              : correctionEventId(customerId, 'pyramid', previous, level, pyramid.epoch, correcting),
          customerId,
          occurredAt: new Date(pyramid.epoch).toISOString(),
          source: OUTPUT_SOURCE,
          schemaVersion: SCHEMA_VERSION,
          correction: correcting !== undefined,
          previousLevel: previous,
          newLevel: level,
          valueMinor: place.valueMinor,
          cutoffs: {
            platinumMinor: Math.round(cutoffs.values.platinum),
            goldMinor: Math.round(cutoffs.values.gold),
            ironMinor: Math.round(cutoffs.values.iron),
          },
          customers: cutoffs.customers,
          currency,
        };
        messages.push({ topic: topics.pyramidLevelChanges, key: customerId, value: await encode(event) });
        const stored = customer.evaluation;
        if (stored !== undefined) {
          const pyramidLevel = { level, since: pyramid.epoch };
          const record = toCustomerState(customerId, stored.values, announcedBy(stored), pyramidLevel);
          messages.push({ topic: topics.customerState, key: customerId, value: await encode(record) });
        }
        changes.push({ customerId, level, since: pyramid.epoch });
      }
    }
    return { changes, messages };
  }

  private async send(shard: number, messages: readonly OutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value } of messages)
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key, value }]);
    await sendInSlices(
      this.deps.producer,
      [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    );
    await this.deps.epochs.clearOutbox(shard);
    for (const [topic, list] of byTopic) this.emitted[topic] = (this.emitted[topic] ?? 0) + list.length;
    return messages.length;
  }

  private async earliestSale(members: readonly string[]): Promise<number | undefined> {
    let earliest: number | undefined;
    await this.forEachCustomer(members, (_, customer) => {
      const sale = customer.history.find((entry) => entry.kind === 'purchase' && entry.type === 'sale');
      if (sale !== undefined && (earliest === undefined || sale.at < earliest)) earliest = sale.at;
    });
    return earliest;
  }

  private async forEachCustomer(
    ids: readonly string[],
    visit: (customerId: string, customer: CachedCustomer<CustomerValues>) => void,
  ): Promise<void> {
    for (let i = 0; i < ids.length; i += ROUND_SIZE) {
      const round = ids.slice(i, i + ROUND_SIZE);
      const customers = await this.deps.load(round);
      for (const id of round) {
        const customer = customers.get(id);
        if (customer !== undefined) visit(id, customer);
      }
    }
  }
}

/** A level as Redis holds it, undefined when absent or not a level (then it is announced again). */
export function announcedLevel(
  stored: AnnouncedLevel | undefined,
): { readonly level: PyramidLevel; readonly since: number } | undefined {
  const level = PYRAMID_LEVELS.find((known) => known === stored?.level);
  return level === undefined || stored === undefined ? undefined : { level, since: stored.since };
}

/** The epochs from `first` to `upTo`, both included. */
function fromFirst(first: number | undefined, upTo: number): number[] {
  return first === undefined || first > upTo ? [] : [first, ...pyramidEpochs(first, upTo)];
}
