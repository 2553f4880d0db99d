import { describe, expect, it } from "vitest";
import { check, onlyError, place, useFixtureDir } from "../../test/support/circuit-check.js";

// Rules that tie fields of one section together: control auth, federation identity, custodian
// thresholds and canary steps.

useFixtureDir();

describe.each([1, 2])("checkCircuitText, version %i", (version) => {
  describe("sections", () => {
    it("requires token_env when control.auth is true", () => {
      const error = onlyError(
        check(`version: ${version}\nsecurity:\n  control:\n    auth: true\n`),
      );
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "security.control.token_env",
        line: 4,
        column: 5,
      });
      expect(error.message).toContain("no token_env");
      expect(error.hint).toContain("environment variable");
    });

    it("requires an identity when federation is enabled", () => {
      const error = onlyError(check(`version: ${version}\nfederation:\n  enabled: true\n`));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "federation.identity",
        line: 3,
        column: 3,
      });
      expect(error.message).toBe("federation is enabled but has no identity");
      expect(error.hint).toContain("identity:");
    });

    it("requires exactly one of class / telemetry_class in a telemetry class", () => {
      const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    telemetry:
      classes:
        - {match: "GET /users", class: list_users}
        - {match: "GET /users/{id}"}
        - {match: "POST /users", class: a, telemetry_class: b}
`;
      const result = check(text);
      expect(result.errors.map((e) => [e.location?.field, e.location?.line])).toEqual([
        ["nodes[0].telemetry.classes[1]", 9],
        ["nodes[0].telemetry.classes[2]", 10],
      ]);
      expect(result.errors[0]?.message).toContain("exactly one of 'class' or 'telemetry_class'");
    });
  });
});

describe("checkCircuitText: version-2 sections", () => {
  it.each([
    [3, 3],
    [2, 4],
  ])(
    "rejects custodian replace_threshold %i not above failure_threshold %i",
    (replace, failure) => {
      const text = `version: 2
custodian:
  failure_threshold: ${failure}
  replace_threshold: ${replace}
`;
      const error = onlyError(check(text));
      expect(place(error)).toEqual({
        code: "E_CONFIG_INVALID",
        field: "custodian.replace_threshold",
        line: 4,
        column: 22,
      });
      expect(error.message).toBe(
        `replace_threshold (${replace}) must be above failure_threshold (${failure})`,
      );
    },
  );

  it.each([
    ["[10, 50, 90]", "10, 50, 90"],
    ["[50, 25, 100]", "50, 25, 100"],
  ])("rejects canary steps_pct %s", (steps, listed) => {
    const error = onlyError(check(`version: 2\ncanary:\n  steps_pct: ${steps}\n`));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: "canary.steps_pct",
      line: 3,
      column: 14,
    });
    expect(error.message).toBe(`steps ${listed} must rise and end at 100`);
    expect(error.hint).toContain("[10, 25, 50, 100]");
  });
});
