#!/usr/bin/env node
// `loyalty-dashboard`: the dashboard, from its build.
import { runCompiled } from '@loyalty/runtime/run-compiled';

await runCompiled(import.meta.url, 'loyalty-dashboard');
