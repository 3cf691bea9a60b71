#!/usr/bin/env node
// `loyalty-aggregator`: the aggregator, from its build.
import { runCompiled } from '@loyalty/runtime/run-compiled';

await runCompiled(import.meta.url, 'loyalty-aggregator');
