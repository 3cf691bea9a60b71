// What every bin of the workspace does (loyalty, loyalty-aggregator, ...): load its package's
// build, dist/main.js, with the workspace packages resolved to JavaScript (the "compiled"
// export condition), so that no TypeScript is compiled at start.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

/** Imports the build of the package whose bin is `binUrl`; a missing build is one line and exit 1. */
export async function runCompiled(binUrl, name) {
  const build = new URL('../dist/main.js', binUrl);
  if (!existsSync(build)) {
    process.stderr.write(`${name}: not built yet; run \`pnpm run build\` (or either README command) first\n`);
    process.exit(1);
  }
  register('./compiled-conditions.js', import.meta.url);
  return import(build.href);
}
