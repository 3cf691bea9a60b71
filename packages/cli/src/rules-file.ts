import { z } from 'zod';

// The aggregator's rules, so that a command decides as the aggregator does.
export const rulesFileEnv = z.object({
  LOYALTY_RULES_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("the path of a JSON rules file (the aggregator's)"),
});
