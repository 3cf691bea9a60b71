// The few calls of the Confluent Schema Registry REST API (Confluent docs, "Schema Registry
// API Reference") whose failures must be told apart precisely, over fetch. The
// @kafkajs/confluent-schema-registry client (mappersmith underneath) reports a refused or
// timed-out connection as an HTTP 400 response, which would leave "registry down" to be
// guessed from message text; here a failed connection is its own case.
import { z } from 'zod';
import { SchemaRegistryRequestError, SchemaRegistryUnavailableError } from './registry-errors.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Where the registry's API is, how to log in to it, and how long one request may take. */
export interface RegistryEndpoint {
  /** The API's base URL without credentials or a trailing slash, e.g. http://127.0.0.1:8081/apis/ccompat/v6. */
  readonly baseUrl: string;
  /** Basic-auth credentials taken from the URL's user info, if it had any. */
  readonly auth?: { readonly username: string; readonly password: string };
  readonly requestTimeoutMs: number;
}

/** The endpoint of a registry URL such as REGISTRY_URL; user info in it becomes basic auth. */
export function registryEndpoint(url: string, requestTimeoutMs = 5_000): RegistryEndpoint {
  const parsed = new URL(url);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const baseUrl = parsed.href.replace(/\/+$/, '');
  return username === ''
    ? { baseUrl, requestTimeoutMs }
    : { baseUrl, auth: { username, password }, requestTimeoutMs };
}

// The error body of the Confluent API (and of Apicurio's ccompat API).
const ErrorBodySchema = z.object({ message: z.string().optional(), error_code: z.number().optional() });

const SchemaByIdSchema = z.object({
  schema: z.string(),
  // Absent means AVRO (Confluent docs: schemaType defaults to AVRO).
  schemaType: z.string().optional(),
});
export type SchemaById = z.infer<typeof SchemaByIdSchema>;

const CompatibilitySchema = z.object({ compatibility: z.string() });
const RegisteredIdSchema = z.object({ id: z.int().nonnegative() });

function describeFailure(error: unknown): string {
  // fetch reports network failures as TypeError("fetch failed") with the socket error as cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Sends one request; a 2xx or 404 answer resolves, anything else throws a classified error. */
async function send(
  endpoint: RegistryEndpoint,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<Answer> {
  const headers: Record<string, string> = { accept: CONTENT_TYPE };
  if (body !== undefined) headers['content-type'] = CONTENT_TYPE;
  if (endpoint.auth !== undefined) {
    const { username, password } = endpoint.auth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  const where = `${method} ${new URL(endpoint.baseUrl).host}${path}`;
  let response: Response;
  let answer: unknown;
  try {
    response = await fetch(`${endpoint.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(endpoint.requestTimeoutMs),
    });
    answer = await response.json().catch(() => undefined);
  } catch (error) {
    throw new SchemaRegistryUnavailableError(
      `schema registry: ${where} failed: ${describeFailure(error)}`,
      error,
    );
  }
  if (response.ok || response.status === 404) return { status: response.status, body: answer };
  const detail = ErrorBodySchema.safeParse(answer);
  const said = detail.success && detail.data.message !== undefined ? `: ${detail.data.message}` : '';
  const message = `schema registry: ${where} answered ${response.status}${said}`;
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    throw new SchemaRegistryUnavailableError(message);
  }
  throw new SchemaRegistryRequestError(message, response.status);
}

// The Confluent API's "not found" error codes.
const SUBJECT_NOT_FOUND = 40401;
const SCHEMA_NOT_FOUND = 40403;

/**
 * Whether a 404 is the registry's "not found" with one of the expected error codes. Any other
 * 404, such as a REGISTRY_URL with a wrong path, is a misconfiguration and must not pass for a
 * missing schema, or good messages would be dead-lettered.
 */
function notFound(answer: Answer, errorCodes: readonly number[], what: string): boolean {
  if (answer.status !== 404) return false;
  const detail = ErrorBodySchema.safeParse(answer.body);
  if (detail.success && errorCodes.includes(detail.data.error_code ?? 0)) return true;
  throw new SchemaRegistryRequestError(
    `schema registry: ${what} answered 404 without error code ${errorCodes.join(' or ')}; is REGISTRY_URL the API's base URL?`,
    404,
  );
}

function parseBody<T>(answer: Answer, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    throw new SchemaRegistryRequestError(`schema registry: unexpected answer to ${what}`, answer.status);
  }
  return parsed.data;
}

/**
 * The schema registered under an id (GET /schemas/ids/{id}), or undefined when the registry
 * does not know the id. Throws SchemaRegistryUnavailableError when it cannot tell.
 */
export async function fetchSchemaById(
  endpoint: RegistryEndpoint,
  id: number,
): Promise<SchemaById | undefined> {
  const what = `schema id ${id}`;
  const answer = await send(endpoint, 'GET', `/schemas/ids/${id}`);
  return notFound(answer, [SCHEMA_NOT_FOUND], what) ? undefined : parseBody(answer, SchemaByIdSchema, what);
}

/**
 * Sets a subject's compatibility level (PUT /config/{subject}). Resolves to false when the
 * registry has no such subject yet: Apicurio keeps the level with the subject's artifact.
 */
export async function setSubjectCompatibility(
  endpoint: RegistryEndpoint,
  subject: string,
  compatibility: string,
): Promise<boolean> {
  const what = `the compatibility of ${subject}`;
  const answer = await send(endpoint, 'PUT', `/config/${encodeURIComponent(subject)}`, { compatibility });
  if (notFound(answer, [SUBJECT_NOT_FOUND], what)) return false;
  parseBody(answer, CompatibilitySchema, what);
  return true;
}

/**
 * The id of a schema under a subject (POST /subjects/{subject}), or undefined when the subject
 * does not hold that exact schema.
 */
export async function lookUpSchemaId(
  endpoint: RegistryEndpoint,
  subject: string,
  schema: string,
): Promise<number | undefined> {
  const what = `the lookup of a schema under ${subject}`;
  const answer = await send(endpoint, 'POST', `/subjects/${encodeURIComponent(subject)}`, { schema });
  if (notFound(answer, [SUBJECT_NOT_FOUND, SCHEMA_NOT_FOUND], what)) return undefined;
  return parseBody(answer, RegisteredIdSchema, what).id;
}
