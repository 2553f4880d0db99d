import type { CheckContext } from "./check-context.js";
import type { CircuitConfig } from "./schema.js";

/** Rules that tie fields of one section together. */
export function checkSections(ctx: CheckContext, config: CircuitConfig): void {
  const control = config.security?.control;
  if (control?.auth === true && control.token_env === "") {
    ctx.error(
      "E_CONFIG_INVALID",
      ["security", "control", "token_env"],
      "control auth is on but no token_env names the token",
      "set token_env to the environment variable that holds the token",
    );
  }
  if (control !== undefined && control.listen !== "") {
    if (!/^[^\s:]+:\d{1,5}$/.test(control.listen) || Number(control.listen.split(":")[1]) > 65535)
      ctx.error(
        "E_CONFIG_INVALID",
        ["security", "control", "listen"],
        `listen '${control.listen}' is not host:port`,
        "write it as host:port, e.g. 127.0.0.1:7700",
      );
    else if (!control.auth)
      ctx.error(
        "E_CONFIG_INVALID",
        ["security", "control", "auth"],
        "the TCP admin listener needs auth: it never runs without a token",
        "set auth: true and token_env, or remove listen (the admin socket needs no token)",
      );
  }
  const tls = config.security?.tls;
  if (tls && tls.critical_days > tls.warning_days) {
    ctx.error(
      "E_CONFIG_INVALID",
      ["security", "tls", "critical_days"],
      `critical_days (${tls.critical_days}) is more than warning_days (${tls.warning_days})`,
      "critical_days must not exceed warning_days",
    );
  }

  const federation = config.federation;
  if (federation?.enabled === true) {
    if (!federation.identity) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["federation", "identity"],
        "federation is enabled but has no identity",
        "add identity: {name: ..., api_endpoint: ...}",
      );
    }
    const clusters = new Set(federation.identity ? [federation.identity.name] : []);
    federation.peers.forEach((peer, i) => {
      if (clusters.has(peer.name))
        ctx.error(
          "E_CONFIG_INVALID",
          ["federation", "peers", i, "name"],
          `cluster name '${peer.name}' is used twice`,
          "give every cluster its own name",
        );
      clusters.add(peer.name);
    });
    federation.edges.forEach((edge, i) => {
      for (const end of ["source_cluster", "target_cluster"] as const) {
        if (!clusters.has(edge[end]))
          ctx.error(
            "E_CONFIG_INVALID",
            ["federation", "edges", i, end],
            `'${edge[end]}' is not a known cluster`,
            `use the identity or a peer name: ${[...clusters].join(", ")}`,
          );
      }
    });
  }

  const custodian = config.custodian;
  if (custodian) {
    if (custodian.replace_threshold <= custodian.failure_threshold) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["custodian", "replace_threshold"],
        `replace_threshold (${custodian.replace_threshold}) must be above failure_threshold (${custodian.failure_threshold})`,
        "the ladder restarts first, then replaces with the mock",
      );
    }
    if (custodian.restart_backoff_max_s < custodian.restart_backoff_initial_s) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["custodian", "restart_backoff_max_s"],
        "restart_backoff_max_s is below restart_backoff_initial_s",
        "make the cap at least the initial backoff",
      );
    }
  }
  const steps = config.canary?.steps_pct;
  if (steps) {
    const increasing = steps.every((s, i) => i === 0 || s > (steps[i - 1] ?? 0));
    if (!increasing || steps[steps.length - 1] !== 100) {
      ctx.error(
        "E_CONFIG_INVALID",
        ["canary", "steps_pct"],
        `steps ${steps.join(", ")} must rise and end at 100`,
        "e.g. steps_pct: [10, 25, 50, 100]",
      );
    }
  }
  config.nodes.forEach((node, i) => {
    node.telemetry?.classes.forEach((c, j) => {
      if ((c.class === undefined) === (c.telemetry_class === undefined)) {
        ctx.error(
          "E_CONFIG_INVALID",
          ["nodes", i, "telemetry", "classes", j],
          "a telemetry class needs exactly one of 'class' or 'telemetry_class'",
          "name the class with class: NAME",
        );
      }
    });
  });
}
