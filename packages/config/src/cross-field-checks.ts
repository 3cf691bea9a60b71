import { ConfigError } from './config-error.js';
import { urlCredentials } from './url-credentials.js';

// Checks that read more than one variable. They are kept apart from the schemas because
// services build theirs with `kafkaEnv.extend(redisEnv.shape)`, which keeps fields but drops
// refinements; parseEnv runs every check whose variables the parsed schema has.

type Values = Readonly<Record<string, unknown>>;

interface CrossFieldCheck {
  /** The variables the check reads; it runs only when the schema has all of them. */
  readonly reads: readonly string[];
  readonly check: (values: Values) => ConfigError | undefined;
}

const SASL_MECHANISMS = 'scram-sha-512 or plain';
const BOTH_PLACES = 'credentials in REDIS_URL or in REDIS_USERNAME and REDIS_PASSWORD, not both';

/** `variable` must be set when `whenSet` is. */
function needs(variable: string, whenSet: string, expected: string): CrossFieldCheck {
  return {
    reads: [variable, whenSet],
    check: (v) =>
      v[whenSet] !== undefined && v[variable] === undefined
        ? new ConfigError(variable, `is missing while ${whenSet} is set`, expected)
        : undefined,
  };
}

const CHECKS: readonly CrossFieldCheck[] = [
  needs('KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', SASL_MECHANISMS),
  needs('KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD', SASL_MECHANISMS),
  needs('KAFKA_SASL_USERNAME', 'KAFKA_SASL_MECHANISM', 'the SASL user name'),
  needs('KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM', "the SASL user's password"),
  {
    reads: ['KAFKA_SASL_MECHANISM', 'KAFKA_TLS'],
    // PLAIN sends the password itself; SCRAM only proves knowing it.
    check: (v) =>
      v.KAFKA_SASL_MECHANISM === 'plain' && v.KAFKA_TLS !== true
        ? new ConfigError(
            'KAFKA_TLS',
            'is not true while KAFKA_SASL_MECHANISM is plain, which would send the password in clear',
            'true',
          )
        : undefined,
  },
  {
    reads: ['KAFKA_TLS', 'KAFKA_TLS_CA_FILE'],
    check: (v) =>
      v.KAFKA_TLS_CA_FILE !== undefined && v.KAFKA_TLS !== true
        ? new ConfigError('KAFKA_TLS', 'is not true while KAFKA_TLS_CA_FILE is set', 'true')
        : undefined,
  },
  needs('REDIS_PASSWORD', 'REDIS_USERNAME', 'the password of that ACL user'),
  {
    reads: ['REDIS_URL', 'REDIS_USERNAME', 'REDIS_PASSWORD'],
    check: (v) => {
      const inUrl = urlCredentials(String(v.REDIS_URL));
      if (inUrl.username !== undefined && inUrl.password === undefined) {
        return new ConfigError(
          'REDIS_URL',
          'names a user but no password',
          'redis://user:password@host:port',
        );
      }
      if (inUrl.password === undefined) return undefined;
      const alsoSet = ['REDIS_USERNAME', 'REDIS_PASSWORD'].find((name) => v[name] !== undefined);
      return alsoSet === undefined
        ? undefined
        : new ConfigError(alsoSet, 'is set while REDIS_URL carries credentials too', BOTH_PLACES);
    },
  },
  {
    reads: ['REDIS_URL', 'REDIS_TLS_CA_FILE'],
    check: (v) =>
      v.REDIS_TLS_CA_FILE !== undefined && !String(v.REDIS_URL).startsWith('rediss:')
        ? new ConfigError(
            'REDIS_URL',
            'is not rediss:// while REDIS_TLS_CA_FILE is set',
            'a rediss:// URL for TLS, e.g. rediss://127.0.0.1:6380',
          )
        : undefined,
  },
  {
    reads: ['REDIS_URL', 'REDIS_CLUSTER_NODES'],
    // SELECT is refused in cluster mode: a database other than 0 cannot be honoured.
    check: (v) => {
      const database = /^\/(\d+)$/.exec(new URL(String(v.REDIS_URL)).pathname)?.[1];
      return v.REDIS_CLUSTER_NODES === undefined || database === undefined || Number(database) === 0
        ? undefined
        : new ConfigError(
            'REDIS_URL',
            `selects database ${database} while REDIS_CLUSTER_NODES is set, and a Redis Cluster has only database 0`,
            'a redis:// or rediss:// URL without a database, e.g. rediss://127.0.0.1:7000',
          );
    },
  },
  {
    reads: ['CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD'],
    // One place for credentials, and a URL that can be logged as it is.
    check: (v) => {
      const inUrl = urlCredentials(String(v.CLICKHOUSE_URL));
      return inUrl.username === undefined && inUrl.password === undefined
        ? undefined
        : new ConfigError(
            'CLICKHOUSE_URL',
            'carries credentials',
            'a URL without user:password@ (credentials go in CLICKHOUSE_USER and CLICKHOUSE_PASSWORD)',
          );
    },
  },
];

/** The first problem across variables of a parsed environment, among the checks its schema's variables allow. */
export function crossFieldProblem(variables: ReadonlySet<string>, values: Values): ConfigError | undefined {
  for (const { reads, check } of CHECKS) {
    if (!reads.every((name) => variables.has(name))) continue;
    const problem = check(values);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
