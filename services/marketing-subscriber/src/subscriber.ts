import { randomBytes } from 'node:crypto';
import { OUTPUT_EVENT_TYPES, type OutputEventType, type TopicNames } from '@loyalty/contracts';
import type { Logger } from '@loyalty/runtime';
import type { Admin, Consumer, Kafka, KafkaMessage, SeekEntry } from 'kafkajs';
import type { Action } from './actions.js';
import { decodeChange, decodeState } from './decode-message.js';
import { MarketingView } from './marketing-view.js';

export interface SubscriberOptions {
  readonly topics: TopicNames;
  /** Prefix of the consumer groups: each start takes fresh ones, since the view is rebuilt at every start. */
  readonly groupPrefix: string;
  readonly log: Logger;
  /** Called with each action a change or tombstone calls for, in the order they were read. */
  readonly onAction: (action: Action) => void;
}

const ROLE_OF_TYPE = {
  'tier-changed': 'tierChanges',
  'stage-changed': 'stageChanges',
  'churn-risk': 'churnRisk',
  'wallet-share-changed': 'walletShareChanges',
  'pyramid-level-changed': 'pyramidLevelChanges',
} as const satisfies Record<OutputEventType, keyof TopicNames>;

/**
 * The runner of the example subscriber (docs/subscriber-contract.md, "Bootstrapping"): captures
 * the change topics' end offsets, reads the state topic to its end into the view, then follows
 * the change topics from the captured offsets, and the state topic for tombstones.
 */
export class MarketingSubscriber {
  readonly view = new MarketingView();
  /** State records read at bootstrap, and messages handled since. */
  readonly counts = { loaded: 0, followed: 0, invalid: 0 };
  private readonly typeOfTopic: ReadonlyMap<string, OutputEventType>;
  private readonly groups: string[] = [];
  private follower: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: SubscriberOptions,
  ) {
    this.typeOfTopic = new Map(OUTPUT_EVENT_TYPES.map((type) => [options.topics[ROLE_OF_TYPE[type]], type]));
  }

  /** Bootstraps the view, then follows; resolves once following. */
  async start(): Promise<void> {
    const { topics, log } = this.options;
    const changeTopics = [...this.typeOfTopic.keys()];
    const { changeEnds, stateEnds } = await captureEnds(this.kafka, changeTopics, topics.customerState);
    await this.bootstrap(stateEnds);
    log.info({ customers: this.view.size, records: this.counts.loaded }, 'bootstrapped from the state topic');
    this.follower = this.kafka.consumer({ groupId: this.freshGroup('follow') });
    await this.follower.connect();
    await this.follower.subscribe({ topics: [...changeTopics, topics.customerState] });
    const running = this.follower.run({
      eachMessage: async ({ topic, partition, message }) => this.follow(topic, partition, message),
    });
    // Seeks made before run's first await apply to the first fetch (as kafkajs' own admin.setOffsets
    // does); the fresh group then commits its positions, so a rebalance resumes from them.
    const ends = [...changeTopics.map((topic, i) => [topic, changeEnds[i] ?? []] as const)];
    for (const [topic, partitions] of [...ends, [topics.customerState, stateEnds] as const]) {
      for (const { partition, offset } of partitions) this.follower.seek({ topic, partition, offset });
    }
    await running;
  }

  /** Leaves the group and deletes the groups this start created. */
  async stop(): Promise<void> {
    await this.follower?.disconnect();
    this.follower = undefined;
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteGroups(this.groups.splice(0)).catch(() => undefined);
    await admin.disconnect();
  }

  private async bootstrap(ends: readonly EndOffset[]): Promise<void> {
    const pending = new Map(
      ends.filter((p) => BigInt(p.offset) > BigInt(p.low)).map((p) => [p.partition, p.offset]),
    );
    if (pending.size === 0) return;
    const consumer = this.kafka.consumer({ groupId: this.freshGroup('bootstrap') });
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.options.topics.customerState, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const end = pending.get(partition);
          if (end === undefined || BigInt(message.offset) >= BigInt(end)) return;
          const decoded = decodeState(message.key, message.value);
          if (decoded.kind === 'state') this.view.load(decoded.record);
          else if (decoded.kind === 'tombstone')
            this.view.erase(decoded.customerId, Number(message.timestamp));
          else this.skip(this.options.topics.customerState, partition, message, decoded.reason);
          this.counts.loaded++;
          // The end offset's record is the newest of its key, so compaction never removes it.
          if (BigInt(message.offset) + 1n >= BigInt(end)) pending.delete(partition);
          if (pending.size === 0) resolve();
        },
      });
      await done;
    } finally {
      await consumer.disconnect();
    }
  }

  private follow(topic: string, partition: number, message: KafkaMessage): void {
    this.counts.followed++;
    const writtenAt = Number(message.timestamp);
    if (topic === this.options.topics.customerState) {
      const decoded = decodeState(message.key, message.value);
      // Only tombstones: the change topics carry every change a later state record holds.
      if (decoded.kind === 'tombstone') this.act(this.view.erase(decoded.customerId, writtenAt));
      else if (decoded.kind === 'invalid') this.skip(topic, partition, message, decoded.reason);
      return;
    }
    const type = this.typeOfTopic.get(topic);
    if (type === undefined) return;
    const decoded = decodeChange(type, message.value);
    if (decoded.kind === 'change') this.act(this.view.apply(decoded.event, writtenAt).actions);
    else if (decoded.kind === 'invalid') this.skip(topic, partition, message, decoded.reason);
  }

  private act(actions: readonly Action[]): void {
    for (const action of actions) this.options.onAction(action);
  }

  private skip(topic: string, partition: number, message: KafkaMessage, reason: string): void {
    this.counts.invalid++;
    this.options.log.warn({ topic, partition, offset: message.offset, reason }, 'message skipped');
  }

  private freshGroup(role: string): string {
    const groupId = `${this.options.groupPrefix}.${role}.${randomBytes(6).toString('hex')}`;
    this.groups.push(groupId);
    return groupId;
  }
}

/** A partition's end offset (where the next record will go) and its first offset still held. */
interface EndOffset extends SeekEntry {
  readonly low: string;
}

async function endOffsets(admin: Admin, topic: string): Promise<EndOffset[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.map(({ partition, high, low }) => ({ partition, offset: high, low }));
}

/**
 * The end offsets of the change topics, then of the state topic: a change the state read up to
 * its ends misses was appended after the change topics' ends, so following from them finds it.
 */
async function captureEnds(kafka: Kafka, changeTopics: readonly string[], stateTopic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...changeTopics, stateTopic].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new Error(`topic ${missing.join(', ')} missing; \`npm run stack up\` creates the product topics`);
    }
    const changeEnds = await Promise.all(changeTopics.map((topic) => endOffsets(admin, topic)));
    return { changeEnds, stateEnds: await endOffsets(admin, stateTopic) };
  } finally {
    await admin.disconnect();
  }
}
