// CPU time of the processes a measurement involves, from /proc (Linux): where the
// machine's cores went during a run (the service, Redis, the broker, ClickHouse).
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../demo/service-process.js';

/** Clock ticks per second of /proc's times; 100 where getconf cannot tell. */
const TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU seconds a process has used so far; undefined where /proc cannot tell. */
export async function cpuSeconds(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // Fields after the command name (which may hold spaces, so split after its closing paren):
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** The pid of a local-stack server from its pid file (.state/run/<name>.pid); undefined for other setups. */
export async function stackPid(name: 'kafka' | 'redis' | 'clickhouse'): Promise<number | undefined> {
  const file = resolve(REPO_ROOT, process.env.LOYALTY_STATE_DIR ?? '.state', 'run', `${name}.pid`);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** CPU seconds all cores of the machine spent busy so far (/proc/stat); undefined where it cannot tell. */
async function machineBusySeconds(): Promise<number | undefined> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => undefined);
  const fields = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (fields === undefined || fields.length < 4) return undefined;
  // user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) / TICKS_PER_S;
}

/** CPU seconds each named process used between two snapshots, with the wall time between them. */
export interface CpuUse {
  readonly wallSeconds: number;
  /** Seconds of CPU per process; null where it could not be read. */
  readonly cpuSeconds: Readonly<Record<string, number | null>>;
  /**
   * Busy seconds of the whole machine (all cores) less those of the processes above: other
   * work competing for the cores during the measurement (tests of other people, the bench itself).
   */
  readonly otherSeconds: number | null;
}

/** Snapshots the CPU time of `pids` now; call the result to get the use since. */
export async function startCpuMeter(
  pids: Readonly<Record<string, number | undefined>>,
): Promise<() => Promise<CpuUse>> {
  const startedAt = Date.now();
  const machineBefore = await machineBusySeconds();
  const before = new Map<string, number | undefined>();
  for (const [name, pid] of Object.entries(pids)) before.set(name, await cpuSeconds(pid));
  return async () => {
    const used: Record<string, number | null> = {};
    for (const [name, pid] of Object.entries(pids)) {
      const start = before.get(name);
      const end = await cpuSeconds(pid);
      used[name] = start === undefined || end === undefined ? null : tenths(end - start);
    }
    const machineAfter = await machineBusySeconds();
    const ours = Object.values(used).reduce<number>((sum, value) => sum + (value ?? 0), 0);
    return {
      wallSeconds: tenths((Date.now() - startedAt) / 1000),
      cpuSeconds: used,
      otherSeconds:
        machineBefore === undefined || machineAfter === undefined
          ? null
          : tenths(Math.max(0, machineAfter - machineBefore - ours)),
    };
  };
}

function tenths(value: number): number {
  return Math.round(value * 10) / 10;
}
