import { z } from 'zod';

// The key of the hashed customer ids in erasure tombstones and the erasure audit. Every
// process that writes or checks a tombstone (the CLI, the aggregator, the history sink) must
// share it, and it must not change: under another key, earlier erasures no longer match.
export const erasureEnv = z.object({
  LOYALTY_ERASURE_SECRET: z
    .string()
    .min(16)
    .default('loyalty-local-erasure-secret')
    .describe(
      'at least 16 characters, the same for every service and kept for good (the default is for the local stack only)',
    ),
});

export type ErasureEnv = z.infer<typeof erasureEnv>;
