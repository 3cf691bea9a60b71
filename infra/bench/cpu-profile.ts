// Where a process spent its CPU time, from a V8 .cpuprofile (node --cpu-prof): self time
// by code owner (a workspace package, a dependency, node itself, GC) and by function.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface CpuProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly byOwner: readonly SelfTime[];
  readonly byFunction: readonly SelfTime[];
}

/**
 * The newest main-thread profile in `dir`. Node writes one file per thread,
 * CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; thread 0 is the main thread
 * (tsx's module loader runs in a worker of its own).
 */
export async function newestProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name)).sort();
  const newest = files.at(-1);
  if (newest === undefined)
    throw new Error(`no main-thread .cpuprofile in ${dir}; did the process exit normally?`);
  return join(dir, newest);
}

/** Self time of the profile's code by owner and by function, largest first (`top` of each). */
export async function summariseCpuProfile(file: string, top = 15): Promise<CpuProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (node === undefined) return;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const where = url === '' ? '' : ` ${shortPath(url)}:${lineNumber + 1}`;
    const name = `${functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  });
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: us / Math.max(totalUs, 1) }));
  return {
    file,
    totalMs: Math.round(totalUs / 1000),
    byOwner: ranked(owners),
    byFunction: ranked(functions),
  };
}

/** Who owns a frame: a workspace package, a dependency, node, or V8's pseudo-frames. */
function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName; // (garbage collector), (program), (idle)
  const dependency = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency?.[1] !== undefined) return dependency[1];
  const workspace = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (workspace?.[2] !== undefined) return `${workspace[1]}/${workspace[2]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const workspace = /\/((?:packages|services)\/.+)$/.exec(path);
  if (workspace?.[1] !== undefined) return workspace[1];
  const dependency = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.+)$/.exec(path);
  return dependency?.[1] ?? path;
}
