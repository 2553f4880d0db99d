import { join } from "node:path";
import { Command, Option } from "commander";
import { RESOLVE_ROUTE } from "../../api/index.js";
import { STATE_DIR } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";

/**
 * `baton resolve JOB STEP --decision accept|retry|skip|fail`: a person's decision about a step
 * held for one (an escalation; `baton status` and `baton jobs` show them).
 */
export function resolveCommand(io: CliIo): Command {
  return new Command("resolve")
    .description("decide about a step held for a person (an escalation)")
    .argument("<job>", "the job's id (`baton jobs`)")
    .argument("<step>", "the step's number (1 = the first) or name")
    .addOption(
      new Option("--decision <decision>", "accept, retry, skip or fail")
        .choices(["accept", "retry", "skip", "fail"])
        .makeOptionMandatory(),
    )
    .action(async function (this: Command, job: string, step: string) {
      const ctx = contextOf(io, this);
      const { decision } = this.opts<{ decision: string }>();
      await AdminClient.forProject(join(ctx.dir, STATE_DIR)).call(RESOLVE_ROUTE, {
        job,
        sheet: step,
        decision,
      });
      io.out(`decided: ${decision} (step ${step} of ${job})\n`);
    });
}
