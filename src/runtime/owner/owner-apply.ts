import { join } from "node:path";
import type { ApplyResponse, ExportResponse } from "../../api/index.js";
import {
  applyYamlEdits,
  checkCircuitText,
  CONFIG_FILE,
  migrationEdits,
  readCircuitText,
  requireValid,
  type CircuitFile,
} from "../../circuit/index.js";
import { BatonError } from "../../common/index.js";
import { planApply, planIsEmpty, planLines, type CircuitRuntime } from "../circuit/index.js";
import type { StepProgress } from "../conductor/index.js";

/**
 * The declaration the owner runs: what `up` loaded, then each `apply` that converged. `export`
 * writes it back as baton.yaml; an apply that failed part way is remembered so export says so.
 */
export class AppliedCircuit {
  #circuit: CircuitFile;
  #failed: string | null = null;

  constructor(circuit: CircuitFile) {
    this.#circuit = circuit;
  }

  get config(): CircuitFile["config"] {
    return this.#circuit.config;
  }

  /**
   * `POST /v1/apply`: the plan from what runs to baton.yaml as it is now; unless a dry run,
   * converged as one job. An invalid baton.yaml is refused with its errors, nothing touched.
   */
  async apply(
    runtime: CircuitRuntime,
    dryRun: boolean,
    progress: (p: StepProgress) => void,
    reconfigure: (custodian: CircuitFile["config"]["custodian"]) => Promise<void> = async () => {},
  ): Promise<ApplyResponse> {
    const file = join(this.#circuit.dir, CONFIG_FILE);
    const dir = this.#circuit.dir;
    const next = requireValid(checkCircuitText(file, readCircuitText(file), dir), file, dir);
    const plan = planApply(this.#circuit.config, next.config, {
      runningNodes: runtime.nodes,
      nextDigests: next.contractDigests,
    });
    const lines = planLines(plan, runtime.nodes.length);
    if (dryRun) return { plan: lines, dryRun, steps: [] };
    const result = planIsEmpty(plan)
      ? { ok: true, steps: [], failed: null }
      : await runtime.apply(plan, next.config.edges, progress);
    if (!result.ok) {
      this.#failed = result.failed?.name ?? "?";
      throw new BatonError(
        "E_STEP_FAILED",
        `apply failed at '${this.#failed}': ${result.failed?.error ?? ""}`,
        { hint: "the nodes not converged keep what they ran; fix the cause and apply again" },
      );
    }
    if (plan.custodian.length > 0) await reconfigure(next.config.custodian);
    this.#circuit = next;
    this.#failed = null;
    return {
      plan: lines,
      dryRun,
      steps: result.steps.map((s) => ({ name: s.name, status: s.status })),
    };
  }

  /** `GET /v1/export`: the running declaration as baton.yaml version 2, comments kept. */
  export(): ExportResponse {
    const { text, doc } = this.#circuit.source;
    return {
      yaml: applyYamlEdits(text, migrationEdits((doc.toJS() ?? {}) as Record<string, unknown>)),
      warning:
        this.#failed === null
          ? null
          : `the last apply failed at '${this.#failed}': some nodes still run their previous declaration; run \`baton apply\` again`,
    };
  }
}
