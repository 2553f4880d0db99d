import { describe, expect, it } from "vitest";
import { BatonError } from "../common/index.js";
import {
  ADMIN_ROUTES,
  DOWN_ROUTE,
  STATUS_ROUTE,
  fromErrorBody,
  routeKey,
  statusOfCode,
  toErrorBody,
} from "./index.js";

describe("admin API v1 contract", () => {
  it("names its routes by method and versioned path", () => {
    expect(ADMIN_ROUTES.map(routeKey)).toEqual([
      "GET /v1/status",
      "POST /v1/down",
      "POST /v1/slot",
      "POST /v1/swap",
      "POST /v1/unslot",
      "POST /v1/collapse",
      "GET /v1/jobs",
      "POST /v1/job/pause",
      "POST /v1/job/resume",
      "POST /v1/job/cancel",
      "POST /v1/resolve",
      "POST /v1/apply",
      "GET /v1/export",
    ]);
    expect(routeKey(STATUS_ROUTE)).toBe("GET /v1/status");
    expect(routeKey(DOWN_ROUTE)).toBe("POST /v1/down");
  });

  it("answers each error code with its HTTP status", () => {
    expect(statusOfCode("E_NODE_NOT_FOUND")).toBe(404);
    expect(statusOfCode("E_OWNER_RUNNING")).toBe(409);
    expect(statusOfCode("E_USAGE")).toBe(400);
    expect(statusOfCode("E_CONFIG_INVALID")).toBe(400);
    expect(statusOfCode("E_CONFIG_NOT_FOUND")).toBe(400);
    expect(statusOfCode("E_SPAWN_FAILED")).toBe(500);
    expect(statusOfCode("E_INTERNAL")).toBe(500);
  });

  it("round-trips a BatonError through its wire form", () => {
    const wire = toErrorBody(
      new BatonError("E_NODE_NOT_FOUND", "no node api", { hint: "add it" }),
      "x",
    );
    expect(wire).toEqual({
      error: { code: "E_NODE_NOT_FOUND", message: "no node api", hint: "add it" },
    });
    const back = fromErrorBody(404, JSON.parse(JSON.stringify(wire)));
    expect([back.code, back.message, back.hint]).toEqual([
      "E_NODE_NOT_FOUND",
      "no node api",
      "add it",
    ]);
    expect(toErrorBody(new BatonError("E_USAGE", "bad"), "x")).toEqual({
      error: { code: "E_USAGE", message: "bad" },
    });
  });

  it("sends anything but a BatonError as E_INTERNAL, without its stack", () => {
    const wire = toErrorBody(new Error("boom"), "GET /v1/status");
    expect(wire).toEqual({ error: { code: "E_INTERNAL", message: "GET /v1/status failed: boom" } });
    expect(JSON.stringify(wire)).not.toContain("at ");
  });

  it("reads unknown codes and bodies that are not error bodies as E_INTERNAL", () => {
    const unknown = fromErrorBody(500, { error: { code: "E_FROM_THE_FUTURE", message: "m" } });
    expect(unknown.code).toBe("E_INTERNAL");
    expect(unknown.message).toContain("E_FROM_THE_FUTURE");
    expect(fromErrorBody(502, "<html>").code).toBe("E_INTERNAL");
    expect(fromErrorBody(500, null).code).toBe("E_INTERNAL");
    expect(fromErrorBody(500, { error: { code: "E_USAGE", message: 3 } }).code).toBe("E_INTERNAL");
  });
});
