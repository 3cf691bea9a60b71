#!/usr/bin/env node
// `loyalty-history-sink`: the history sink, from its build.
import { runCompiled } from '@loyalty/runtime/run-compiled';

await runCompiled(import.meta.url, 'loyalty-history-sink');
