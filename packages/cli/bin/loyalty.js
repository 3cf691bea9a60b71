#!/usr/bin/env node
// `loyalty`: the command line, from its build.
import { runCompiled } from '@loyalty/runtime/run-compiled';

const { runFromCommandLine } = await runCompiled(import.meta.url, 'loyalty');
await runFromCommandLine();
