import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { type RegistryEndpoint, registryEndpoint } from './registry-http.js';

/** A registry connection: the client for registration and encoding, the endpoint for plain calls. */
export interface Registry {
  readonly client: SchemaRegistry;
  readonly endpoint: RegistryEndpoint;
}

/** A connection to the registry at a URL such as REGISTRY_URL; user info in it becomes basic auth. */
export function registryConnection(url: string, requestTimeoutMs?: number): Registry {
  const endpoint = registryEndpoint(url, requestTimeoutMs);
  const client = new SchemaRegistry({
    host: endpoint.baseUrl,
    clientId: 'loyalty',
    ...(endpoint.auth === undefined ? {} : { auth: endpoint.auth }),
  });
  return { client, endpoint };
}
