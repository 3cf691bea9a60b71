import { createServer } from 'node:net';
import { isRetriable } from '@loyalty/runtime';
import { describe, expect, it } from 'vitest';
import { SchemaRegistryUnavailableError } from './registry-errors.js';
import { fetchSchemaById, registryEndpoint } from './registry-http.js';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('registryEndpoint', () => {
  it('moves user info out of the URL into basic-auth credentials', () => {
    expect(registryEndpoint('https://key:se%2Fcret@registry.example:8081/apis/ccompat/v6/', 1_000)).toEqual({
      baseUrl: 'https://registry.example:8081/apis/ccompat/v6',
      auth: { username: 'key', password: 'se/cret' },
      requestTimeoutMs: 1_000,
    });
    expect(registryEndpoint('http://127.0.0.1:8081')).toEqual({
      baseUrl: 'http://127.0.0.1:8081',
      requestTimeoutMs: 5_000,
    });
  });
});

describe('fetchSchemaById', () => {
  it('calls a refused connection "registry unavailable", which is retriable', async () => {
    const endpoint = registryEndpoint(`http://127.0.0.1:${await closedPort()}`, 1_000);
    const failure = await fetchSchemaById(endpoint, 1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SchemaRegistryUnavailableError);
    expect(isRetriable(failure)).toBe(true);
  });
});
