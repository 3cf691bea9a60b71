import type { RejectionReason } from '@loyalty/contracts';
import type { GeneratedMessage, MessageKind } from './traffic.js';

/** What a run wrote: message counts by topic, by kind and by the defect of malformed ones. */
export interface TrafficSummary {
  readonly messages: number;
  readonly byTopic: Readonly<Record<string, number>>;
  readonly byKind: Readonly<Record<MessageKind, number>>;
  readonly byDefect: Readonly<Partial<Record<RejectionReason, number>>>;
}

/** Counts messages as they are written. */
export class SummaryCounter {
  private messages = 0;
  private readonly byTopic: Record<string, number> = {};
  private readonly byKind: Record<MessageKind, number> = { good: 0, malformed: 0, duplicate: 0 };
  private readonly byDefect: Partial<Record<RejectionReason, number>> = {};

  /** Counts one message written to `topic` (which may differ from message.topic, e.g. prefixed). */
  add(message: GeneratedMessage, topic: string = message.topic): void {
    this.messages += 1;
    this.byTopic[topic] = (this.byTopic[topic] ?? 0) + 1;
    this.byKind[message.kind] += 1;
    if (message.defect !== undefined)
      this.byDefect[message.defect] = (this.byDefect[message.defect] ?? 0) + 1;
  }

  get count(): number {
    return this.messages;
  }

  /** A snapshot of the counts so far. */
  summary(): TrafficSummary {
    return {
      messages: this.messages,
      byTopic: { ...this.byTopic },
      byKind: { ...this.byKind },
      byDefect: { ...this.byDefect },
    };
  }
}
