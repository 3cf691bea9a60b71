import { z } from 'zod';

// How the services that publish events (the aggregator's tier, stage and churn-risk changes,
// the CLI's customer-erased events) encode them. Avro needs the schemas registered under the
// topics' subjects (`loyalty schemas register`) and a registry at REGISTRY_URL.
export const outputFormatEnv = z.object({
  LOYALTY_OUTPUT_FORMAT: z
    .enum(['json', 'avro'])
    .default('json')
    .describe('"json" or "avro" (the Confluent wire format through the schema registry)'),
});

export type OutputFormat = z.infer<typeof outputFormatEnv>['LOYALTY_OUTPUT_FORMAT'];
