// Group commit for small writes. An embedded PGlite is ONE connection: every statement queues
// behind the previous one and every autocommitted insert pays a full commit. When many requests
// each want to store a few rows at about the same time, the batcher gathers them and writes them
// with one `write()` call (one multi-row INSERT in one transaction), then answers every request
// only after that write, and so its COMMIT, has returned. Nothing is acknowledged before it is
// committed.
//
// How a group forms: the first request of an idle batcher waits at most `maxWaitMs` for company
// (or until `maxRows` rows wait); while a write is in flight, new requests simply queue, and the
// next group is written as soon as the running one ends. Under load the window is therefore the
// duration of the previous commit, and an idle request waits ~`maxWaitMs` at most.
//
// One request's rows are never split between two writes, so each request is all-or-nothing. If a
// group's write fails, the batcher retries each request of that group alone (the failed write was
// rolled back, so retrying cannot duplicate anything): a row the database refuses fails only its own
// request, and when the database itself is gone (closed, unreachable) every waiter is rejected.
//
// A write may return one result per row (session chunks: whether each row was inserted or already
// there); each request then gets the results of its own rows, in order.

export interface WriteBatcherOptions<Row, Result = void> {
  /**
   * Stores all rows atomically (one transaction) and resolves only after the commit returned; with
   * one result per row (in order) when the caller needs to know what happened to each.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a write without results (ALBA readings) returns Promise<void>
  write(rows: Row[]): Promise<Result[] | void>;
  /** Write as soon as this many rows wait; one request with more rows is written alone. Default 1000. */
  maxRows?: number;
  /** Longest time (ms) the first row of an idle batcher waits for others. Default 1. */
  maxWaitMs?: number;
  /** Writes in flight at once: 1 for PGlite (one connection), more for a pool. Default 1. */
  concurrency?: number;
}

/** Counters for tests, metrics and benchmarks. */
export interface WriteBatcherStats {
  /** Calls to write() that succeeded, including solo retries. */
  writes: number;
  /** Rows committed. */
  rows: number;
  /** Group writes that failed (each request of such a group was then retried alone). */
  failedGroups: number;
}

export interface WriteBatcher<Row, Result = void> {
  /**
   * Queues the rows of one request. Resolves once they are committed (all of them), with the
   * write's results for these rows ([] when the write returns none); rejects with the database error
   * when they were not stored (none of them).
   */
  add(rows: Row[]): Promise<Result[]>;
  readonly stats: Readonly<WriteBatcherStats>;
}

interface Waiter<Row, Result> {
  rows: Row[];
  resolve(results: Result[]): void;
  reject(error: unknown): void;
}

/**
 * Creates a group-commit batcher around `write`.
 * @example const batcher = createWriteBatcher({ write: (rows) => db.insert(readings).values(rows).then(() => {}) });
 *          await batcher.add([row]); // committed now
 */
export function createWriteBatcher<Row, Result = void>(options: WriteBatcherOptions<Row, Result>): WriteBatcher<Row, Result> {
  const maxRows = options.maxRows ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 1;
  const concurrency = options.concurrency ?? 1;
  const queue: Waiter<Row, Result>[] = [];
  const stats: WriteBatcherStats = { writes: 0, rows: 0, failedGroups: 0 };
  let queuedRows = 0;
  let inFlight = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Takes whole requests from the queue until the next one would pass maxRows (at least one). */
  function takeGroup(): Waiter<Row, Result>[] {
    const group: Waiter<Row, Result>[] = [];
    let rows = 0;
    while (queue.length && (group.length === 0 || rows + queue[0].rows.length <= maxRows)) {
      const next = queue.shift()!;
      rows += next.rows.length;
      group.push(next);
    }
    queuedRows -= rows;
    return group;
  }

  async function writeAlone(waiter: Waiter<Row, Result>): Promise<void> {
    try {
      const results = await options.write(waiter.rows);
      stats.writes++;
      stats.rows += waiter.rows.length;
      waiter.resolve(results ?? []);
    } catch (error) {
      waiter.reject(error);
    }
  }

  async function writeGroup(group: Waiter<Row, Result>[]): Promise<void> {
    if (group.length === 1) return writeAlone(group[0]);
    const rows = group.flatMap((w) => w.rows);
    let results: Result[] | undefined;
    try {
      results = (await options.write(rows)) ?? undefined;
    } catch {
      // Rolled back as a whole: find out which request the database refuses, one by one.
      stats.failedGroups++;
      for (const waiter of group) await writeAlone(waiter);
      return;
    }
    stats.writes++;
    stats.rows += rows.length;
    let offset = 0;
    for (const waiter of group) {
      waiter.resolve(results ? results.slice(offset, offset + waiter.rows.length) : []);
      offset += waiter.rows.length;
    }
  }

  function drain(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (inFlight < concurrency && queue.length) {
      const group = takeGroup();
      inFlight++;
      void writeGroup(group).finally(() => {
        inFlight--;
        // Whatever queued meanwhile has already waited one write long: write it now.
        if (queue.length) drain();
      });
    }
  }

  return {
    stats,
    add(rows) {
      if (rows.length === 0) return Promise.resolve([]);
      return new Promise<Result[]>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        queuedRows += rows.length;
        if (inFlight >= concurrency) return; // the running write drains the queue when it ends
        if (queuedRows >= maxRows) drain();
        else timer ??= setTimeout(drain, maxWaitMs);
      });
    },
  };
}
