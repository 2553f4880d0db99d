import { describe, expect, it } from "vitest";
import {
  at,
  check,
  onlyError,
  place,
  places,
  useFixtureDir,
} from "../../test/support/circuit-check.js";

// checkCircuitText as a whole: YAML syntax, the shape of the file, the schema version, and
// files that are all right or wrong in many ways at once. The rules of each part are tested
// beside their modules: schema-issues, check-topology, check-routing, check-files, check-sections.

useFixtureDir();

// ---------------------------------------------------------------------------------------------
// Syntax and the shape of the file
// ---------------------------------------------------------------------------------------------

describe("checkCircuitText: YAML syntax and file shape", () => {
  describe.each([1, 2])("version %i", (version) => {
    it("reports malformed YAML as E_CONFIG_PARSE with line and column", () => {
      const result = check(`version: ${version}\nname: shop: east\n`);
      const error = onlyError(result);
      expect(place(error)).toEqual({
        code: "E_CONFIG_PARSE",
        field: undefined,
        line: 2,
        column: 7,
      });
      expect(error.severity).toBe("error");
      expect(error.message).toMatch(/nested mappings/i);
      expect(error.message).not.toMatch(/at line \d+/);
      expect(error.hint).toContain("YAML syntax");
      expect(result.warnings).toEqual([]);
    });

    it("reports a duplicate key as E_CONFIG_PARSE at the second key", () => {
      const result = check(
        `version: ${version}\nnodes:\n  - name: api\n    port: 9001\n    port: 9002\n`,
      );
      const error = onlyError(result);
      expect(place(error)).toEqual({
        code: "E_CONFIG_PARSE",
        field: undefined,
        line: 5,
        column: 5,
      });
      expect(error.message).toMatch(/unique/);
    });

    it("reports every syntax error, not only the first", () => {
      const result = check(
        `version: ${version}\nname: shop: east\nnodes:\n  - name: api\n    port: 9001\n    port: 9002\n`,
      );
      expect(places(result.errors)).toEqual([
        { code: "E_CONFIG_PARSE", field: undefined, line: 2, column: 7 },
        { code: "E_CONFIG_PARSE", field: undefined, line: 6, column: 5 },
      ]);
      expect(result.config).toBeUndefined();
    });
  });

  it("rejects a top-level list: the file must be a mapping", () => {
    const error = onlyError(check("- name: api\n  port: 9001\n"));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: undefined,
      line: 1,
      column: 1,
    });
    expect(error.message).toContain("not a mapping");
    expect(error.hint).toContain("nodes");
  });

  it("rejects a top-level scalar", () => {
    const error = onlyError(check("just some text\n"));
    expect(error.code).toBe("E_CONFIG_INVALID");
    expect(error.message).toContain("not a mapping");
  });

  it("points a top-level list after a header comment at the list, not at the comment", () => {
    const error = onlyError(check("# shop circuit\n- name: api\n  port: 9001\n"));
    expect(place(error)).toEqual({
      code: "E_CONFIG_INVALID",
      field: undefined,
      line: 2,
      column: 1,
    });
  });

  it("reports a second YAML document in terms a user can act on", () => {
    const error = onlyError(check("version: 2\n---\nversion: 1\n"));
    expect(place(error)).toEqual({
      code: "E_CONFIG_PARSE",
      field: undefined,
      line: 2,
      column: 1,
    });
    expect(error.message).toMatch(/multiple documents/i);
    // A library API name is no advice for someone editing baton.yaml.
    expect(error.message).not.toContain("parseAllDocuments");
  });

  it.each([
    ["an empty file", ""],
    ["a file of comments", "# nothing here yet\n"],
    ["an empty document", "---\n"],
  ])("accepts %s as an empty version-1 circuit", (_label, text) => {
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.config).toEqual({
      name: "default",
      version: 1,
      nodes: [],
      edges: [],
      routing: {},
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Schema versions
// ---------------------------------------------------------------------------------------------

describe("checkCircuitText: schema version", () => {
  it.each([0, 3, 99])("rejects version: %i with E_CONFIG_VERSION", (version) => {
    const error = onlyError(check(`name: shop\nversion: ${version}\n`));
    expect(place(error)).toEqual({
      code: "E_CONFIG_VERSION",
      field: "version",
      line: 2,
      column: 10,
    });
    expect(error.message).toBe(`${version} is not a valid version`);
    expect(error.hint).toContain("versions 1 and 2");
  });

  it("does not suggest '2' for a quoted version '2'", () => {
    const error = onlyError(check('version: "2"\n'));
    expect(place(error)).toEqual({
      code: "E_CONFIG_VERSION",
      field: "version",
      line: 1,
      column: 10,
    });
    expect(error.message).toContain("'2'");
    expect(error.hint).not.toContain("did you mean '2'?");
  });
});

// ---------------------------------------------------------------------------------------------
// Many errors, and a whole valid file
// ---------------------------------------------------------------------------------------------

describe.each([1, 2])("checkCircuitText, version %i", (version) => {
  it("collects every error of a file, not just the first", () => {
    const text = `version: ${version}
nodes:
  - name: api
    port: 9001
    role: ingress
    metadata:
      health_path: health
  - name: users
    port: 9001
  - name: api
    port: 9003
edges:
  - source: api
    target: usres
  - source: users
    target: users
security:
  tls:
    mode: full
  control:
    auth: true
federation:
  enabled: true
`;
    const result = check(text);
    expect(result.config).toBeUndefined();
    expect(places(result.errors)).toEqual([
      { code: "E_CONFIG_INVALID", field: "nodes[0].metadata.health_path", line: 7, column: 20 },
      { code: "E_CONFIG_INVALID", field: "nodes[1].port", line: 9, column: 11 },
      { code: "E_CONFIG_INVALID", field: "nodes[2].name", line: 10, column: 11 },
      { code: "E_CONFIG_INVALID", field: "edges[0].target", line: 14, column: 13 },
      { code: "E_CONFIG_INVALID", field: "edges[1]", line: 15, column: 5 },
      { code: "E_CONFIG_INVALID", field: "security.tls.cert", line: 19, column: 5 },
      { code: "E_CONFIG_INVALID", field: "security.tls.key", line: 19, column: 5 },
      { code: "E_CONFIG_INVALID", field: "security.control.token_env", line: 21, column: 5 },
      { code: "E_CONFIG_INVALID", field: "federation.identity", line: 23, column: 3 },
    ]);
    expect(at(result.errors, "edges[0].target").hint).toBe("did you mean 'users'?");
  });
});

describe("checkCircuitText: version-2 sections", () => {
  it("accepts a realistic file using every section, with defaults filled in", () => {
    const text = `# Shop circuit
name: shop
version: 2
services: [gateway, orders, users]
nodes:
  - name: gateway
    port: 9001
    role: ingress
    health_path: /healthz
    metadata:
      owner: platform
      health_path: /ready
    authority: [edge]
  - name: orders
    port: 9002
    host: 0.0.0.0
    contract: contracts/openapi-3.0.json
    openapi_spec: contracts/file-ref-ok.yaml
    data_access:
      reads: [orders]
      writes: [orders, audit]
    routing:
      strategy: weighted
      targets:
        - {name: stable, port: 9102, weight: 90}
        - {name: canary, host: "::1", port: 9103, weight: 10}
      sticky: {cookie: session}
    telemetry:
      classes:
        - {match: "/orders/*", class: critical, slo_p95_ms: 250, owner: team-orders}
        - {match: "/health", telemetry_class: internal}
  - name: users
    port: 9003
    proxy_mode: grpc
    contract: contracts/json-schema.yaml
  - name: stripe
    port: 9004
    role: egress
    proxy_mode: tcp
    data_access: null
edges:
  - source: gateway
    target: orders
    label: place order
    policy:
      timeout_ms: 2000
      retries: 2
      retry_backoff_ms: 25
      retry_backoff_max_ms: 250
      circuit_breaker_threshold: 5
  - {source: gateway, target: users}
  - source: orders
    target: stripe
    data_tiers_in_flight: [pci]
routing:
  users:
    strategy: header
    targets:
      - {name: v1, port: 9201}
      - {name: v2, port: 9202}
    rules:
      - {header: X-Version, value: "^v2(\\\\.\\\\d+)?$", target: v2, match: regex}
      - {header: X-Beta, value: "yes", target: v2}
    default_target: v1
    locked: true
deploy:
  provider: gcp
  project: shop-prod
  region: europe-west1
  namespace: shop
  build: true
  image: gcr.io/shop/app
security:
  tls:
    mode: circuit
    cert: certs/tls.crt
    key: certs/tls.key
    auto_rotate: true
    rotate_check_interval_s: 600
    warning_days: 21
    critical_days: 3
  control:
    auth: true
    token_env: BATON_TOKEN
observability:
  enabled: true
  sink: otel
  otlp_endpoint: http://localhost:4317
  service_name: shop
  trace_sample_rate: 0.25
  otlp_endpoints:
    - {name: jaeger, endpoint: "http://localhost:4318", protocol: http}
federation:
  enabled: true
  identity: {name: eu, api_endpoint: "https://eu.example.com", region: europe-west1, priority: 1}
  peers:
    - {name: us, api_endpoint: "https://us.example.com", region: us-east1}
  edges:
    - source_cluster: eu
      target_cluster: us
      node_mapping: {orders: orders-us}
  heartbeat_interval_s: 15
  heartbeat_timeout_s: 5
  failover_threshold: 2
arbiter:
  endpoint: localhost:7700
  http_endpoint: http://localhost:7701
  api_endpoint: http://localhost:7702
  forward_spans: true
  classification_tagging: true
audit_channel:
  port: 9500
  protocol: unix_socket
ledger:
  api_endpoint: http://localhost:7800
  mock_from_ledger: false
taint:
  enabled: true
  scan_responses: false
  categories: [ssn, email]
custodian:
  probe_interval_s: 2
  probe_timeout_s: 0.5
  failure_threshold: 2
  replace_threshold: 4
  restart_backoff_initial_s: 5
  restart_backoff_max_s: 60
  healthy_reset_s: 300
canary:
  steps_pct: [5, 20, 100]
  interval_s: 60
  error_threshold_pct: 1.5
  latency_p99_threshold_ms: 300
  min_requests: 50
`;
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const config = result.config;
    if (config === undefined) throw new Error("expected a valid circuit");

    expect(config.name).toBe("shop");
    expect(config.version).toBe(2);
    expect(config.services).toEqual(["gateway", "orders", "users"]);
    expect(config.nodes.map((n) => [n.name, n.proxy_mode, n.role, n.host])).toEqual([
      ["gateway", "http", "ingress", "127.0.0.1"],
      ["orders", "http", "service", "0.0.0.0"],
      ["users", "grpc", "service", "127.0.0.1"],
      ["stripe", "tcp", "egress", "127.0.0.1"],
    ]);
    const [gateway, orders, users, stripe] = config.nodes;
    expect(gateway?.contract).toBe("");
    expect(gateway?.openapi_spec).toBe("");
    expect(gateway?.metadata).toEqual({ owner: "platform", health_path: "/ready" });
    expect(users?.metadata).toEqual({});
    expect(users?.authority).toEqual([]);
    expect(stripe?.data_access).toBeNull();
    expect(orders?.routing).toEqual({
      strategy: "weighted",
      targets: [
        { name: "stable", host: "127.0.0.1", port: 9102, weight: 90 },
        { name: "canary", host: "::1", port: 9103, weight: 10 },
      ],
      rules: [],
      default_target: "",
      locked: false,
      sticky: { cookie: "session" },
    });
    expect(config.routing.users?.rules).toEqual([
      { header: "X-Version", value: "^v2(\\.\\d+)?$", target: "v2", match: "regex" },
      { header: "X-Beta", value: "yes", target: "v2", match: "exact" },
    ]);
    expect(config.routing.users?.targets[0]).toEqual({
      name: "v1",
      host: "127.0.0.1",
      port: 9201,
      weight: 100,
    });
    expect(config.edges.map((e) => e.label)).toEqual(["place order", "", ""]);
    expect(config.edges[1]?.data_tiers_in_flight).toEqual([]);
    expect(config.observability?.otlp_protocol).toBe("grpc");
    expect(config.observability?.otlp_enabled).toBe(true);
    expect(config.observability?.otlp_endpoints?.[0]?.protocol).toBe("http");
    expect(config.federation?.peers[0]?.priority).toBe(0);
    expect(config.federation?.edges[0]?.node_mapping).toEqual({ orders: "orders-us" });
    expect(config.taint).toEqual({
      enabled: true,
      scan_requests: true,
      scan_responses: false,
      categories: ["ssn", "email"],
    });
    expect(config.custodian?.enabled).toBe(true);
    expect(config.custodian?.replace_threshold).toBe(4);
    expect(config.canary?.steps_pct).toEqual([5, 20, 100]);
    expect(config.security?.tls?.mode).toBe("circuit");
    expect(config.deploy?.provider).toBe("gcp");
    expect(config.audit_channel).toEqual({ port: 9500, protocol: "unix_socket" });
    expect(config.ledger).toEqual({
      api_endpoint: "http://localhost:7800",
      mock_from_ledger: false,
    });
  });

  it("fills section defaults for empty sections", () => {
    const result = check("version: 2\ncustodian: {}\ncanary: {}\ntaint: {}\naudit_channel: {}\n");
    expect(result.errors).toEqual([]);
    expect(result.config?.custodian).toEqual({
      enabled: true,
      probe_interval_s: 5,
      probe_timeout_s: 1,
      failure_threshold: 3,
      replace_threshold: 6,
      restart_backoff_initial_s: 10,
      restart_backoff_max_s: 300,
      healthy_reset_s: 600,
    });
    expect(result.config?.canary?.steps_pct).toEqual([10, 25, 50, 100]);
    expect(result.config?.taint?.categories).toEqual([
      "ssn",
      "email",
      "credit_card",
      "phone",
      "name",
    ]);
    expect(result.config?.audit_channel).toEqual({ port: 9000, protocol: "http" });
  });
});
