import type { Progress } from './kafka-writer.js';

/** Where the bar is drawn: a stream that may be a terminal. */
export interface BarStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 30;
const REDRAW_MS = 200;

export interface ProgressBar {
  readonly update: (progress: Progress) => void;
  /** Ends the bar's line so later output starts on a fresh one. */
  readonly done: () => void;
}

/** A one-line progress bar redrawn in place; silent when disabled or not on a terminal. */
export function createProgressBar(
  stream: BarStream,
  enabled = true,
  now: () => number = Date.now,
): ProgressBar {
  if (!enabled || stream.isTTY !== true) return { update: () => undefined, done: () => undefined };
  const startedAt = now();
  let drawnAt = 0;
  let drawn = false;
  return {
    update: ({ written, total }) => {
      const at = now();
      if (at - drawnAt < REDRAW_MS) return;
      drawnAt = at;
      drawn = true;
      const rate = Math.round(written / Math.max((at - startedAt) / 1000, 0.001));
      // The total is an estimate: the bar stops short of full rather than overflow.
      const share = total === undefined || total <= 0 ? 0 : Math.min(written / total, 0.999);
      const filled = Math.round(share * WIDTH);
      const bar =
        total === undefined
          ? ''
          : `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% `;
      const of = total === undefined ? '' : ` of ~${total.toLocaleString('en')}`;
      stream.write(
        `\r${bar}${written.toLocaleString('en')}${of} messages, ${rate.toLocaleString('en')}/s   `,
      );
    },
    done: () => {
      if (drawn) stream.write('\n');
    },
  };
}
