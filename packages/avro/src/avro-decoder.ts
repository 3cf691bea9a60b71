import {
  type AcceptResult,
  acceptKeyed,
  type InputEvent,
  type InputRejectionReason,
  type ParseRejection,
  type ParserOptions,
  parseInputMessage,
  validateInputObject,
} from '@loyalty/contracts';
import { type RetryOptions, retry } from '@loyalty/runtime';
import avro from 'avsc';
import { toContractObject } from './contract-object.js';
import { fetchSchemaById, type RegistryEndpoint } from './registry-http.js';
import { type FramedMessage, HEADER_BYTES, isFramed, unframe } from './wire-format.js';

type Rejection = ParseRejection<InputRejectionReason>;

/** What decoding one input message gives: parseInputMessage's result, with the Avro reasons. */
export type InputDecodeResult = { readonly ok: true; readonly event: InputEvent } | Rejection;

/** A message's value as the plain object a JSON producer sends, not yet validated. */
export type ValueDecodeResult = { readonly ok: true; readonly value: unknown } | Rejection;

/** The decoding of one prepared batch: synchronous, and never throws for a message's content. */
export interface PreparedBatch {
  /** parseInputMessage for a JSON or an Avro input message (same arguments and result). */
  parseInput(
    bytes: Buffer | null,
    origin: { readonly topic: string },
    options: ParserOptions,
  ): InputDecodeResult;
  /**
   * parseInput, then the acceptance every consumer applies (acceptKeyed): what the aggregator
   * applies and the history sink stores.
   */
  acceptInput(
    message: { readonly key: Buffer | null; readonly value: Buffer | null },
    origin: { readonly topic: string },
    options: ParserOptions,
  ): AcceptResult;
  /** The value of a JSON or Avro message, e.g. an output event, for the caller to validate. */
  decodeValue(bytes: Buffer | null): ValueDecodeResult;
}

/** How prepare retries while the registry is down, unless the caller passes its own. */
export const DEFAULT_PREPARE_RETRY: RetryOptions = { initialDelayMs: 200, maxDelayMs: 5_000, maxAttempts: 5 };

const MAX_ERROR_CHARS = 200;

// fatal: invalid UTF-8 is an error, as in parseInputMessage.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function reject(reason: InputRejectionReason, message: string): Rejection {
  return { ok: false, reason, message };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS);
}

/**
 * Decodes messages in JSON or in the Confluent wire format (Avro) side by side, telling them
 * apart by the first byte. The writer's schema of an Avro message is fetched from the
 * registry by its id and kept: a registered id never changes meaning. A decoded input record
 * is validated by the same code as JSON (validateInputObject).
 */
export class AvroDecoder {
  readonly #types = new Map<number, avro.Type>();

  constructor(private readonly endpoint: RegistryEndpoint) {}

  /**
   * Fetches the schemas of a batch's Avro messages that are not known yet, retrying with
   * backoff while the registry is down, and resolves to the batch's synchronous decoding.
   * Rejects only with SchemaRegistryUnavailableError (retriable: pause, retry the batch, and
   * dead-letter nothing) once the retries run out or `retryOptions.shouldStop` says so, or with
   * a non-retriable SchemaRegistryRequestError when the registry refuses the requests
   * themselves (credentials, a wrong REGISTRY_URL). An id the registry does not know, or bytes
   * that do not decode, are the messages' own faults: decoding rejects those messages.
   */
  async prepare(
    messages: Iterable<{ readonly value: Buffer | null }>,
    retryOptions: RetryOptions = DEFAULT_PREPARE_RETRY,
  ): Promise<PreparedBatch> {
    const wanted = new Set<number>();
    for (const { value } of messages) {
      const framed = value === null ? undefined : unframe(value);
      if (framed !== undefined && !this.#types.has(framed.schemaId)) wanted.add(framed.schemaId);
    }
    // Per batch: a missing id may be registered later, so it is asked about again next time.
    const rejected = new Map<number, Rejection>();
    if (wanted.size > 0) {
      await retry(async () => {
        const pending = [...wanted].filter((id) => !this.#types.has(id) && !rejected.has(id));
        await Promise.all(pending.map((id) => this.learn(id, rejected)));
      }, retryOptions);
    }
    const parseInput: PreparedBatch['parseInput'] = (bytes, origin, options) =>
      this.parseInput(bytes, origin, options, rejected);
    return {
      parseInput,
      acceptInput: (message, origin, options) =>
        acceptKeyed(message.key, parseInput(message.value, origin, options)),
      decodeValue: (bytes) => this.decodeValue(bytes, rejected),
    };
  }

  private async learn(id: number, rejected: Map<number, Rejection>): Promise<void> {
    const found = await fetchSchemaById(this.endpoint, id);
    if (found === undefined) {
      rejected.set(id, reject('unknown_schema', `schema id ${id} is not in the schema registry`));
      return;
    }
    if (found.schemaType !== undefined && found.schemaType !== 'AVRO') {
      rejected.set(
        id,
        reject('avro_decode_error', `schema id ${id} is a ${found.schemaType} schema, not Avro`),
      );
      return;
    }
    try {
      this.#types.set(id, avro.Type.forSchema(JSON.parse(found.schema)));
    } catch (error) {
      rejected.set(
        id,
        reject('avro_decode_error', `schema id ${id} is not a usable Avro schema: ${messageOf(error)}`),
      );
    }
  }

  private parseInput(
    bytes: Buffer | null,
    origin: { readonly topic: string },
    options: ParserOptions,
    rejected: ReadonlyMap<number, Rejection>,
  ): InputDecodeResult {
    if (bytes === null || !isFramed(bytes)) return parseInputMessage(bytes, origin, options);
    if (bytes.length > options.maxMessageBytes) {
      return reject('too_large', `message is ${bytes.length} bytes; the limit is ${options.maxMessageBytes}`);
    }
    const decoded = this.decodeFramed(bytes, rejected);
    return decoded.ok ? validateInputObject(decoded.value, origin, options) : decoded;
  }

  private decodeValue(bytes: Buffer | null, rejected: ReadonlyMap<number, Rejection>): ValueDecodeResult {
    if (bytes === null || bytes.length === 0)
      return reject('empty_message', 'message value is null or empty');
    if (isFramed(bytes)) return this.decodeFramed(bytes, rejected);
    try {
      return { ok: true, value: JSON.parse(utf8.decode(bytes)) };
    } catch (error) {
      return reject('invalid_json', `not UTF-8 JSON: ${messageOf(error)}`);
    }
  }

  /** The record of a message that starts with the magic byte, as a contract-shaped object. */
  private decodeFramed(bytes: Buffer, rejected: ReadonlyMap<number, Rejection>): ValueDecodeResult {
    const framed: FramedMessage | undefined = unframe(bytes);
    if (framed === undefined) {
      return reject(
        'avro_decode_error',
        `message starts with the magic byte 0 but has ${bytes.length} bytes, fewer than the ${HEADER_BYTES}-byte header`,
      );
    }
    const rejection = rejected.get(framed.schemaId);
    if (rejection !== undefined) return rejection;
    const type = this.#types.get(framed.schemaId);
    if (type === undefined) {
      throw new TypeError(
        `schema id ${framed.schemaId} was not prepared: pass the message's batch to prepare()`,
      );
    }
    try {
      const record: unknown = type.fromBuffer(framed.body);
      return { ok: true, value: toContractObject(record) };
    } catch (error) {
      return reject(
        'avro_decode_error',
        `bytes do not decode with schema id ${framed.schemaId}: ${messageOf(error)}`,
      );
    }
  }
}
