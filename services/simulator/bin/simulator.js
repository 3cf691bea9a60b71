#!/usr/bin/env node
// `loyalty-simulator`: the simulator, from its build.
import { runCompiled } from '@loyalty/runtime/run-compiled';

await runCompiled(import.meta.url, 'loyalty-simulator');
