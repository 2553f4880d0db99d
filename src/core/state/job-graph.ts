import { BatonError } from "../../common/index.js";

/** Largest sheet number: sheet numbers are kept in 32-bit arrays. */
export const MAX_SHEET_NUMBER = 0x7fffffff;

const NONE: number[] = [];

/**
 * The dependency graph of one job, built once at registration: forward and reverse edges and,
 * per sheet, how many of its dependencies are not yet satisfied. Satisfying a sheet is
 * O(its dependents); nothing ever rescans the job. Edges live in compressed typed arrays
 * (a few bytes per sheet and edge), so a job of 10⁶ sheets costs the heap ~20 MB, not ~300 MB.
 */
export class JobGraph {
  /** Sheet number → dense index; null when the sheets are exactly 1…n (index = sheet − 1). */
  readonly #index: Map<number, number> | null;
  readonly #depStart: Int32Array;
  readonly #depList: Int32Array;
  readonly #revStart: Int32Array;
  readonly #revList: Int32Array;
  readonly #unsatisfied: Int32Array;
  readonly #satisfied: Uint8Array;

  private constructor(
    index: Map<number, number> | null,
    dep: { start: Int32Array; list: Int32Array },
    rev: { start: Int32Array; list: Int32Array },
  ) {
    this.#index = index;
    this.#depStart = dep.start;
    this.#depList = dep.list;
    this.#revStart = rev.start;
    this.#revList = rev.list;
    const n = dep.start.length - 1;
    this.#unsatisfied = new Int32Array(n);
    for (let i = 0; i < n; i++)
      this.#unsatisfied[i] = (dep.start[i + 1] as number) - (dep.start[i] as number);
    this.#satisfied = new Uint8Array(n);
  }

  /**
   * Checks and builds the graph. Sheet numbers are positive integers; every dependency names a
   * sheet of the job; no sheet depends on itself, twice on one sheet, or in a cycle.
   * Throws E_JOB_INVALID naming the job and the offending sheets.
   */
  static build(
    jobId: string,
    sheets: Iterable<number>,
    dependencies: ReadonlyMap<number, readonly number[]>,
  ): JobGraph {
    const order = [...sheets];
    const n = order.length;
    const seen = new Uint8Array(n + 1);
    let dense = true;
    for (const sheet of order) {
      if (!Number.isInteger(sheet) || sheet < 1 || sheet > MAX_SHEET_NUMBER)
        invalid(jobId, `sheet number ${sheet} is not a positive integer ≤ ${MAX_SHEET_NUMBER}`);
      if (sheet > n) dense = false;
      else if (seen[sheet] === 1) invalid(jobId, `sheet ${sheet} is listed twice`);
      else seen[sheet] = 1;
    }
    let index: Map<number, number> | null = null;
    if (!dense) {
      index = new Map();
      for (const sheet of order) {
        if (index.has(sheet)) invalid(jobId, `sheet ${sheet} is listed twice`);
        index.set(sheet, index.size);
      }
    }
    const at = (sheet: number): number | undefined =>
      index === null ? (sheet >= 1 && sheet <= n ? sheet - 1 : undefined) : index.get(sheet);

    // Forward edges, deduplicated, in the order given; counted first, then filled.
    const count = new Int32Array(n);
    const rcount = new Int32Array(n);
    const edges: number[] = []; // (from index, to sheet) pairs
    for (const [sheet, deps] of dependencies) {
      const from = at(sheet);
      if (from === undefined)
        invalid(jobId, `dependencies are given for sheet ${sheet}, which is not in the job`);
      const unique = deps.length > 1 ? new Set<number>() : null;
      for (const dep of deps) {
        const to = at(dep);
        if (to === undefined)
          invalid(jobId, `sheet ${sheet} depends on sheet ${dep}, which is not in the job`);
        if (dep === sheet) invalid(jobId, `sheet ${sheet} depends on itself`);
        if (unique !== null) {
          if (unique.has(dep)) continue;
          unique.add(dep);
        }
        edges.push(from, dep);
        count[from] = (count[from] as number) + 1;
        rcount[to] = (rcount[to] as number) + 1;
      }
    }
    const dep = compress(count, edges.length / 2);
    const rev = compress(rcount, edges.length / 2);
    const depFill = dep.start.slice(0, n);
    const revFill = rev.start.slice(0, n);
    for (let e = 0; e < edges.length; e += 2) {
      const from = edges[e] as number;
      const to = edges[e + 1] as number;
      const target = at(to) as number;
      const d = depFill[from] as number;
      const r = revFill[target] as number;
      depFill[from] = d + 1;
      revFill[target] = r + 1;
      dep.list[d] = to;
      rev.list[r] = index === null ? from + 1 : (order[from] as number);
    }
    const graph = new JobGraph(index, dep, rev);
    const cycle = graph.#findCycle(order);
    if (cycle) invalid(jobId, `dependency cycle ${cycle.join(" -> ")}`);
    return graph;
  }

  #at(sheet: number): number | undefined {
    if (this.#index !== null) return this.#index.get(sheet);
    return sheet >= 1 && sheet < this.#depStart.length ? sheet - 1 : undefined;
  }

  /** Sheets `sheet` waits for (a copy). */
  dependenciesOf(sheet: number): number[] {
    const i = this.#at(sheet);
    if (i === undefined) return NONE;
    return Array.from(this.#depList.subarray(this.#depStart[i], this.#depStart[i + 1]));
  }

  /** Sheets that wait for `sheet` (a copy). */
  dependentsOf(sheet: number): number[] {
    const i = this.#at(sheet);
    if (i === undefined) return NONE;
    return Array.from(this.#revList.subarray(this.#revStart[i], this.#revStart[i + 1]));
  }

  /** True when every dependency of `sheet` has been marked satisfied. */
  isUnblocked(sheet: number): boolean {
    return this.unsatisfiedCount(sheet) === 0;
  }

  /** How many dependencies of `sheet` are still unsatisfied. */
  unsatisfiedCount(sheet: number): number {
    const i = this.#at(sheet);
    return i === undefined ? 0 : (this.#unsatisfied[i] as number);
  }

  /**
   * Records that `sheet` now satisfies its dependents (completed, or skipped on purpose) and
   * returns the dependents that became unblocked by it. Idempotent.
   */
  markSatisfied(sheet: number): number[] {
    const i = this.#at(sheet);
    if (i === undefined || this.#satisfied[i] === 1) return NONE;
    this.#satisfied[i] = 1;
    let unblocked = NONE;
    const end = this.#revStart[i + 1] as number;
    for (let k = this.#revStart[i] as number; k < end; k++) {
      const dependent = this.#revList[k] as number;
      const d = this.#at(dependent) as number;
      const left = (this.#unsatisfied[d] as number) - 1;
      this.#unsatisfied[d] = left;
      if (left === 0) {
        if (unblocked === NONE) unblocked = [];
        unblocked.push(dependent);
      }
    }
    return unblocked;
  }

  /** True when `sheet` has been marked satisfied. */
  isSatisfied(sheet: number): boolean {
    const i = this.#at(sheet);
    return i !== undefined && this.#satisfied[i] === 1;
  }

  /** Every transitive dependent of `root` (not `root`), breadth first, each once. */
  transitiveDependents(root: number): number[] {
    const seen = new Set<number>([root]);
    const order: number[] = [];
    const queue = this.dependentsOf(root).slice();
    for (let i = 0; i < queue.length; i++) {
      const sheet = queue[i] as number;
      if (seen.has(sheet)) continue;
      seen.add(sheet);
      order.push(sheet);
      queue.push(...this.dependentsOf(sheet));
    }
    return order;
  }

  /** A cycle as a list of sheets (first repeated at the end), or undefined. Iterative DFS. */
  #findCycle(order: readonly number[]): number[] | undefined {
    const GREY = 1;
    const BLACK = 2;
    const color = new Uint8Array(order.length);
    const path: number[] = [];
    const cursor: number[] = [];
    const sheetOf = (i: number): number => (this.#index === null ? i + 1 : (order[i] as number));
    for (const sheet of order) {
      const s = this.#at(sheet) as number;
      if (color[s] !== 0) continue;
      path.push(s);
      cursor.push(this.#depStart[s] as number);
      color[s] = GREY;
      while (path.length > 0) {
        const top = path.length - 1;
        const node = path[top] as number;
        const k = cursor[top] as number;
        if (k >= (this.#depStart[node + 1] as number)) {
          color[node] = BLACK;
          path.pop();
          cursor.pop();
          continue;
        }
        cursor[top] = k + 1;
        const child = this.#at(this.#depList[k] as number) as number;
        if (color[child] === GREY) return [...path.slice(path.indexOf(child)), child].map(sheetOf);
        if (color[child] === 0) {
          color[child] = GREY;
          path.push(child);
          cursor.push(this.#depStart[child] as number);
        }
      }
    }
    return undefined;
  }
}

/** Start offsets (n + 1 entries) from per-node counts, and an edge list to fill. */
function compress(count: Int32Array, edges: number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(count.length + 1);
  for (let i = 0; i < count.length; i++) start[i + 1] = (start[i] as number) + (count[i] as number);
  return { start, list: new Int32Array(edges) };
}

function invalid(jobId: string, why: string): never {
  throw new BatonError("E_JOB_INVALID", `job '${jobId}': ${why}`, {
    hint: "fix the job's sheets and dependencies; the job was not registered",
  });
}
