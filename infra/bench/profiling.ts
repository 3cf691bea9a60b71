// `npm run bench -- --profile`: the aggregator and the history sink run under V8's CPU
// profiler (node --cpu-prof), the aggregator also with timing spans (span-probe.ts), and
// the bench summarises both: where the CPU time goes, and where the wall time goes.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Instrumentation } from '../demo/pipeline-services.js';
import { type CpuProfileSummary, newestProfile, summariseCpuProfile } from './cpu-profile.js';
import type { SpanReport, TimelinePoint } from './span-probe.js';

const SPAN_PROBE = fileURLToPath(new URL('./span-probe.ts', import.meta.url));
const SPAN_FILE = 'spans.json';

/** A span of the wall-time tree: its total, and the part not inside any child span. */
export interface SpanLine {
  readonly name: string;
  readonly depth: number;
  readonly calls: number;
  /** What the calls handled (events, customers, messages), 0 where not counted. */
  readonly items: number;
  readonly ms: number;
  readonly selfMs: number;
  /** Of the wall time from the first call to SIGTERM. */
  readonly share: number;
}

export interface ServiceProfile {
  readonly cpu: CpuProfileSummary;
  readonly wallMs: number | null;
  readonly spans: readonly SpanLine[];
  readonly timeline: readonly TimelinePoint[];
}

/** The flags and environment that profile a service into `dir` (with spans: the aggregator only). */
export async function profiling(dir: string, spans: boolean): Promise<Instrumentation> {
  await mkdir(dir, { recursive: true });
  return {
    nodeFlags: [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      // The probe is TypeScript: tsx loads it (the service itself stays compiled).
      ...(spans ? ['--import', 'tsx', '--import', pathToFileURL(SPAN_PROBE).href] : []),
    ],
    env: spans ? { LOYALTY_SPAN_FILE: join(dir, SPAN_FILE) } : {},
  };
}

/** Reads what a profiled service left in `dir` once it exited. */
export async function readProfile(dir: string, spans: boolean): Promise<ServiceProfile> {
  const cpu = await summariseCpuProfile(await newestProfile(dir));
  if (!spans) return { cpu, wallMs: null, spans: [], timeline: [] };
  const report = JSON.parse(await readFile(join(dir, SPAN_FILE), 'utf8')) as SpanReport;
  return { cpu, wallMs: Math.round(report.wallMs), spans: spanTree(report), timeline: report.timeline };
}

/** The spans in tree order (each parent before its children), with self times. */
function spanTree(report: SpanReport): SpanLine[] {
  const lines: SpanLine[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of report.spans.filter((s) => s.parent === parent).sort((a, b) => b.ms - a.ms)) {
      const children = report.spans.filter((s) => s.parent === span.name).reduce((sum, s) => sum + s.ms, 0);
      lines.push({
        name: span.name,
        depth,
        calls: span.calls,
        items: span.items,
        ms: Math.round(span.ms),
        selfMs: Math.round(span.ms - children),
        share: span.ms / Math.max(report.wallMs, 1),
      });
      visit(span.name, depth + 1);
    }
  };
  visit(null, 0);
  return lines;
}

/** A profile as text: the wall-time tree, then CPU self time by owner and by function. */
export function renderProfile(service: string, profile: ServiceProfile): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  const tree =
    profile.wallMs === null
      ? []
      : [
          `${service}: wall time ${profile.wallMs.toLocaleString('en')} ms from the first call to SIGTERM, by span ` +
            '(total, self, calls, items; batches of several partitions at once overlap, so shares may pass 100%)',
          ...profile.spans.map(
            (s) =>
              `  ${pct(s.share)}  ${`${'  '.repeat(s.depth)}${s.name}`.padEnd(48)} ${s.ms.toLocaleString('en').padStart(8)} ms  self ${s.selfMs.toLocaleString('en').padStart(8)} ms  ${s.calls.toLocaleString('en').padStart(7)} calls${s.items > 0 ? `  ${s.items.toLocaleString('en')} items, ${((s.ms * 1000) / s.items).toFixed(0)} µs each` : ''}`,
          ),
        ];
  return [
    ...tree,
    ...timelineLines(service, profile.timeline),
    `${service}: CPU self time ${profile.cpu.totalMs.toLocaleString('en')} ms (${profile.cpu.file}) by owner`,
    ...profile.cpu.byOwner.map((t) => `  ${pct(t.share)}  ${t.name}`),
    `${service}: top functions by CPU self time`,
    ...profile.cpu.byFunction.map((t) => `  ${pct(t.share)}  ${t.name}`),
  ].join('\n');
}

/** The work per interval of the timeline: rates, and evaluations and history loaded per event. */
function timelineLines(service: string, timeline: readonly TimelinePoint[]): string[] {
  if (timeline.length === 0) return [];
  const lines = [
    `${service}: per interval    events/s  evaluations/s  evaluations per event  history entries per evaluation`,
  ];
  let previous: TimelinePoint = { atMs: 0, events: 0, evaluations: 0, historyEntries: 0 };
  for (const point of timeline) {
    const seconds = Math.max((point.atMs - previous.atMs) / 1000, 0.001);
    const events = point.events - previous.events;
    const evaluations = point.evaluations - previous.evaluations;
    const entries = point.historyEntries - previous.historyEntries;
    lines.push(
      `  ${`${Math.round(previous.atMs / 1000)}-${Math.round(point.atMs / 1000)} s`.padEnd(22)}` +
        `${Math.round(events / seconds)
          .toLocaleString('en')
          .padStart(10)}` +
        `${Math.round(evaluations / seconds)
          .toLocaleString('en')
          .padStart(15)}` +
        `${(events > 0 ? evaluations / events : 0).toFixed(2).padStart(23)}` +
        `${(evaluations > 0 ? entries / evaluations : 0).toFixed(1).padStart(32)}`,
    );
    previous = point;
  }
  return lines;
}
