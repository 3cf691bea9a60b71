// `pnpm run build`: every workspace package's src/ transpiled file by file to dist/ (ES
// modules for Node 20, source maps), what `node --conditions=compiled` runs: the services in
// their image, the CLI. Type checking stays with `pnpm run typecheck` (tsc); this only strips
// types, so a service starts without compiling TypeScript at run time.

import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../demo/service-process.js';

const WORKSPACE_FOLDERS = ['packages', 'services'];

/** The package folders of the workspace (those with a src/). */
async function workspacePackages(root: string): Promise<string[]> {
  const folders: string[] = [];
  for (const parent of WORKSPACE_FOLDERS) {
    for (const entry of await readdir(join(root, parent), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const src = join(root, parent, entry.name, 'src');
      if ((await readdir(src).catch(() => undefined)) !== undefined)
        folders.push(join(root, parent, entry.name));
    }
  }
  return folders.sort();
}

/** Every TypeScript module of a package's src/, tests left out. */
async function sourceFiles(src: string): Promise<string[]> {
  const entries = await readdir(src, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .filter((entry) => !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Transpiles one package's src/ into a fresh dist/; returns the number of modules written. */
async function buildPackage(folder: string): Promise<number> {
  const src = join(folder, 'src');
  const dist = join(folder, 'dist');
  await rm(dist, { recursive: true, force: true });
  const files = await sourceFiles(src);
  await build({
    entryPoints: files,
    outdir: dist,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    sourcemap: true,
    logLevel: 'warning',
  });
  return files.length;
}

const started = Date.now();
const packages = await workspacePackages(REPO_ROOT);
let modules = 0;
for (const folder of packages) modules += await buildPackage(folder);
const names = packages.map((folder) => relative(REPO_ROOT, folder)).join(', ');
process.stderr.write(
  `[build] ${modules} modules of ${packages.length} packages to dist/ in ${Date.now() - started} ms: ${names}\n`,
);
