#!/usr/bin/env node
// `loyalty-history-sink`: the history sink from its build (`pnpm run build`, which bootstrap runs), with
// the workspace packages resolved to JavaScript: no TypeScript is compiled at start.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const build = new URL('../dist/main.js', import.meta.url);
if (!existsSync(build)) {
  process.stderr.write(
    'loyalty-history-sink: not built yet; run `pnpm run build` (or either README command) first\n',
  );
  process.exit(1);
}
register('@loyalty/runtime/compiled-conditions', import.meta.url);
await import(build.href);
