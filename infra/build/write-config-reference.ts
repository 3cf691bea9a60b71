// `pnpm run docs:config`: writes docs/configuration.md from the programs' zod schemas.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../demo/service-process.js';
import { configReference } from './config-reference.js';

await writeFile(join(REPO_ROOT, 'docs/configuration.md'), configReference());
process.stderr.write('[docs] wrote docs/configuration.md\n');
