/** Where a run reports what it is doing: one line per step, and progress of long steps. */
export interface RunReporter {
  /** A step or its outcome, one line. */
  readonly step: (line: string) => void;
  /** Starts a progress line for a step with a known amount of work. */
  readonly progress: (label: string, total: number) => Progress;
}

export interface Progress {
  readonly update: (done: number) => void;
  /** Ends the progress line. */
  readonly done: () => void;
}

const WIDTH = 28;
const REDRAW_MS = 200;

/**
 * A reporter on a stream (stderr): steps prefixed with `[tag]`; progress redrawn in place on
 * a terminal, and as a line at each quarter elsewhere (CI logs do not understand \r).
 */
export function streamReporter(
  tag: string,
  stream: { readonly isTTY?: boolean; write(text: string): unknown } = process.stderr,
): RunReporter {
  const tty = stream.isTTY === true;
  return {
    step: (line) => stream.write(`[${tag}] ${line}\n`),
    progress: (label, total) => {
      const startedAt = Date.now();
      let drawnAt = 0;
      let quarter = 0;
      let drawn = false;
      const text = (done: number) => {
        const share = total > 0 ? Math.min(done / total, 1) : 0;
        const rate = Math.round(done / Math.max((Date.now() - startedAt) / 1000, 0.001));
        const filled = Math.round(share * WIDTH);
        return `[${tag}] ${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ${done.toLocaleString('en')} of ${total.toLocaleString('en')}, ${rate.toLocaleString('en')}/s`;
      };
      return {
        update: (done) => {
          if (tty) {
            if (Date.now() - drawnAt < REDRAW_MS) return;
            drawnAt = Date.now();
            drawn = true;
            stream.write(`\r${text(done)}   `);
          } else if (total > 0 && done >= ((quarter + 1) * total) / 4 && quarter < 3) {
            quarter = Math.floor((4 * done) / total);
            stream.write(`${text(done)}\n`);
          }
        },
        done: () => {
          if (drawn) stream.write('\n');
        },
      };
    },
  };
}

/** A reporter that says nothing (the demo test). */
export const silentReporter: RunReporter = {
  step: () => undefined,
  progress: () => ({ update: () => undefined, done: () => undefined }),
};
