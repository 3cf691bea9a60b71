import { type ClvModelRecord, ClvModelRecordSchema } from '@loyalty/core';
import { LoyaltyError } from '@loyalty/runtime';
import type { RedisConnection } from './create-redis.js';
import { KeyLayout } from './keys.js';

/**
 * The CLV model in use, one JSON value under KeyLayout.model(). Validated with
 * ClvModelRecordSchema both ways, so a reader never acts on a hand-edited or truncated record.
 */
export class ClvModelStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.key = new KeyLayout(prefix).model();
  }

  /** Replaces the model in use; throws a ZodError for an invalid record, before writing. */
  async save(record: ClvModelRecord): Promise<void> {
    await this.redis.set(this.key, JSON.stringify(ClvModelRecordSchema.parse(record)));
  }

  /**
   * The model in use, or undefined when none was stored. A stored value that is not a valid
   * record is a non-retriable LoyaltyError: reading it again cannot help, a new fit can.
   */
  async load(): Promise<ClvModelRecord | undefined> {
    const text = await this.redis.get(this.key);
    if (text === null) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new LoyaltyError(`${this.key} is not JSON`, { cause: error });
    }
    const parsed = ClvModelRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LoyaltyError(
        `${this.key} is not a CLV model record (${issue?.path.join('.') || '(root)'}: ${issue?.message})`,
        { cause: parsed.error },
      );
    }
    return parsed.data;
  }
}
