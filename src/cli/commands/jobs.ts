import { join } from "node:path";
import { Command } from "commander";
import {
  JOBS_ROUTE,
  JOB_CANCEL_ROUTE,
  JOB_PAUSE_ROUTE,
  JOB_RESUME_ROUTE,
  type JobView,
  type JobsResponse,
} from "../../api/index.js";
import { STATE_DIR } from "../../circuit/index.js";
import { AdminClient } from "../../client/index.js";
import { BatonError } from "../../common/index.js";
import { contextOf } from "../context.js";
import type { CliIo } from "../io.js";
import { inertText } from "../render/inert-text.js";
import { renderJson } from "../render/json.js";
import { renderTable } from "../render/table.js";

/** `baton jobs [--all] [--json]`: the operations running on the owner's core (and past ones). */
export function jobsCommand(io: CliIo): Command {
  return new Command("jobs")
    .description("list the operations running on the owner (with --all, the last 100 run too)")
    .option("--all", "also list finished jobs")
    .option("--json", "print the result as JSON")
    .action(async function (this: Command) {
      const ctx = contextOf(io, this);
      const all = this.opts<{ all?: boolean }>().all === true;
      const jobs = (await fetchJobs(ctx.dir)).filter((j) => all || j.state === "running");
      if (ctx.json) return io.out(renderJson({ jobs }));
      if (jobs.length === 0)
        return io.out(
          all ? "no jobs have run yet\n" : "no job is running (--all lists past ones)\n",
        );
      io.out(
        renderTable(
          ["id", "kind", "state", "steps", "started", "took"],
          jobs.map((j) => [
            j.id,
            j.kind,
            j.paused ? "paused" : j.state,
            `${j.steps.filter((s) => s.status === "completed").length}/${j.steps.length}`,
            new Date(j.startedAtMs).toISOString(),
            j.endedAtMs === null ? "-" : `${j.endedAtMs - j.startedAtMs} ms`,
          ]),
        ),
      );
    });
}

/** `baton job show ID [--json]`: one job's steps — status, attempts, timings, errors. */
export function jobCommand(io: CliIo): Command {
  const job = new Command("job").description("look at one job of the owner's core");
  job.addCommand(
    new Command("show")
      .description("a job's steps: status, attempts, timings and errors")
      .argument("<id>", "the job's id, as `baton jobs --all` lists it")
      .option("--json", "print the result as JSON")
      .action(async function (this: Command, id: string) {
        const ctx = contextOf(io, this);
        const jobs = await fetchJobs(ctx.dir);
        const found = jobs.find((j) => j.id === id);
        if (found === undefined)
          throw new BatonError("E_USAGE", `no job '${inertText(id.slice(0, 60))}' on this owner`, {
            hint: `\`baton jobs --all\` lists them${jobs.length > 0 ? ` (latest: ${jobs[0]?.id})` : ""}`,
          });
        if (ctx.json) return io.out(renderJson(found));
        io.out(renderJob(found));
      }),
  );
  for (const [name, route, description, done] of [
    [
      "pause",
      JOB_PAUSE_ROUTE,
      "hold a job: steps in flight finish, no further step starts",
      "paused",
    ],
    ["resume", JOB_RESUME_ROUTE, "let a paused job go on", "resumed"],
    [
      "cancel",
      JOB_CANCEL_ROUTE,
      "stop a job: steps in flight are aborted, the rest never start",
      "cancelled",
    ],
  ] as const)
    job.addCommand(
      new Command(name)
        .description(description)
        .argument("<id>", "the job's id, as `baton jobs` lists it")
        .action(async function (this: Command, id: string) {
          const ctx = contextOf(io, this);
          await AdminClient.forProject(join(ctx.dir, STATE_DIR)).call(route, { job: id });
          io.out(`${id} ${done}\n`);
        }),
    );
  return job;
}

async function fetchJobs(dir: string): Promise<readonly JobView[]> {
  const client = AdminClient.forProject(join(dir, STATE_DIR));
  return (await client.call<JobsResponse>(JOBS_ROUTE)).jobs;
}

/** A job as `job show` prints it. */
export function renderJob(job: JobView): string {
  const took = job.endedAtMs === null ? "running" : `${job.endedAtMs - job.startedAtMs} ms`;
  let out = `Job ${job.id}: ${job.kind}, ${job.state} (${took})\n\n`;
  out += renderTable(
    ["step", "status", "attempts", "took", "error"],
    job.steps.map((s) => [
      s.name,
      s.status,
      String(s.attempts),
      s.startedAtMs === null || s.endedAtMs === null ? "-" : `${s.endedAtMs - s.startedAtMs} ms`,
      s.error === null ? "" : inertText(s.error),
    ]),
  );
  return out;
}
