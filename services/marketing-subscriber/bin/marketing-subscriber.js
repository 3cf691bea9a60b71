#!/usr/bin/env node
// `loyalty-marketing-subscriber`: the marketing subscriber, from its build.
import { runCompiled } from '@loyalty/runtime/run-compiled';

await runCompiled(import.meta.url, 'loyalty-marketing-subscriber');
