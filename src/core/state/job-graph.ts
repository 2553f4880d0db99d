import { BatonError } from "../../common/index.js";

/**
 * The dependency graph of one job, built once at registration: forward and reverse edges and,
 * per sheet, how many of its dependencies are not yet satisfied. Satisfying a sheet is
 * O(its dependents); nothing ever rescans the job.
 */
export class JobGraph {
  readonly #dependencies: ReadonlyMap<number, readonly number[]>;
  readonly #dependents: ReadonlyMap<number, readonly number[]>;
  readonly #unsatisfied = new Map<number, number>();
  readonly #satisfied = new Set<number>();

  private constructor(dependencies: Map<number, number[]>, dependents: Map<number, number[]>) {
    this.#dependencies = dependencies;
    this.#dependents = dependents;
    for (const [sheet, deps] of dependencies) this.#unsatisfied.set(sheet, deps.length);
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
    const known = new Set<number>();
    for (const sheet of sheets) {
      if (!Number.isInteger(sheet) || sheet < 1)
        invalid(jobId, `sheet number ${sheet} is not a positive integer`);
      if (known.has(sheet)) invalid(jobId, `sheet ${sheet} is listed twice`);
      known.add(sheet);
    }
    const forward = new Map<number, number[]>();
    const reverse = new Map<number, number[]>();
    for (const sheet of known) {
      forward.set(sheet, []);
      reverse.set(sheet, []);
    }
    for (const [sheet, deps] of dependencies) {
      if (!known.has(sheet))
        invalid(jobId, `dependencies are given for sheet ${sheet}, which is not in the job`);
      const seen = new Set<number>();
      for (const dep of deps) {
        if (!known.has(dep))
          invalid(jobId, `sheet ${sheet} depends on sheet ${dep}, which is not in the job`);
        if (dep === sheet) invalid(jobId, `sheet ${sheet} depends on itself`);
        if (seen.has(dep)) continue;
        seen.add(dep);
        forward.get(sheet)?.push(dep);
        reverse.get(dep)?.push(sheet);
      }
    }
    const cycle = findCycle(known, forward);
    if (cycle) invalid(jobId, `dependency cycle ${cycle.join(" -> ")}`);
    return new JobGraph(forward, reverse);
  }

  /** Sheets `sheet` waits for. */
  dependenciesOf(sheet: number): readonly number[] {
    return this.#dependencies.get(sheet) ?? [];
  }

  /** Sheets that wait for `sheet`. */
  dependentsOf(sheet: number): readonly number[] {
    return this.#dependents.get(sheet) ?? [];
  }

  /** True when every dependency of `sheet` has been marked satisfied. */
  isUnblocked(sheet: number): boolean {
    return (this.#unsatisfied.get(sheet) ?? 0) === 0;
  }

  /** How many dependencies of `sheet` are still unsatisfied. */
  unsatisfiedCount(sheet: number): number {
    return this.#unsatisfied.get(sheet) ?? 0;
  }

  /**
   * Records that `sheet` now satisfies its dependents (completed, or skipped on purpose) and
   * returns the dependents that became unblocked by it. Idempotent.
   */
  markSatisfied(sheet: number): number[] {
    if (this.#satisfied.has(sheet) || !this.#dependencies.has(sheet)) return [];
    this.#satisfied.add(sheet);
    const unblocked: number[] = [];
    for (const dependent of this.dependentsOf(sheet)) {
      const left = (this.#unsatisfied.get(dependent) ?? 0) - 1;
      this.#unsatisfied.set(dependent, left);
      if (left === 0) unblocked.push(dependent);
    }
    return unblocked;
  }

  /** True when `sheet` has been marked satisfied. */
  isSatisfied(sheet: number): boolean {
    return this.#satisfied.has(sheet);
  }

  /** Every transitive dependent of `root` (not `root`), breadth first, each once. */
  transitiveDependents(root: number): number[] {
    const seen = new Set<number>([root]);
    const order: number[] = [];
    const queue = [...this.dependentsOf(root)];
    for (let i = 0; i < queue.length; i++) {
      const sheet = queue[i] as number;
      if (seen.has(sheet)) continue;
      seen.add(sheet);
      order.push(sheet);
      queue.push(...this.dependentsOf(sheet));
    }
    return order;
  }
}

function invalid(jobId: string, why: string): never {
  throw new BatonError("E_JOB_INVALID", `job '${jobId}': ${why}`, {
    hint: "fix the job's sheets and dependencies; the job was not registered",
  });
}

/** A cycle as a list of sheets (first repeated at the end), or undefined. Iterative DFS. */
function findCycle(
  sheets: ReadonlySet<number>,
  forward: ReadonlyMap<number, readonly number[]>,
): number[] | undefined {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Map<number, number>();
  for (const start of sheets) {
    if ((color.get(start) ?? WHITE) !== WHITE) continue;
    const path: number[] = [start];
    const cursor: number[] = [0];
    color.set(start, GREY);
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top] as number;
      const next = forward.get(node) ?? [];
      const i = cursor[top] as number;
      if (i >= next.length) {
        color.set(node, BLACK);
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[top] = i + 1;
      const child = next[i] as number;
      const state = color.get(child) ?? WHITE;
      if (state === GREY) return [...path.slice(path.indexOf(child)), child];
      if (state === WHITE) {
        color.set(child, GREY);
        path.push(child);
        cursor.push(0);
      }
    }
  }
  return undefined;
}
