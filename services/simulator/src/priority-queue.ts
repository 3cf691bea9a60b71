/** An entry of the queue: ordered by time, then by insertion so that ties are deterministic. */
interface Entry<T> {
  readonly at: number;
  readonly seq: number;
  readonly item: T;
}

function before<T>(x: Entry<T>, y: Entry<T>): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

/** A binary min-heap of items by time; equal times come out in insertion order. */
export class TimeQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private inserted = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Adds an item due at `at`. */
  push(at: number, item: T): void {
    const heap = this.heap;
    const entry = { at, seq: this.inserted++, item };
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry<T>;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Removes and returns the earliest entry, or undefined when empty. */
  pop(): { readonly at: number; readonly item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right] as Entry<T>, heap[left] as Entry<T>) ? right : left;
      const c = heap[child] as Entry<T>;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
