import { describe, expect, it } from "vitest";
import type { Router } from "./router.js";
import { SingleRouter } from "./single-router.js";

describe("SingleRouter", () => {
  it("always picks its target, available or not (there is nowhere else to go)", () => {
    const router: Router = new SingleRouter({ kind: "single", target: "api" });
    const req = { method: "GET", path: "/", header: () => undefined };
    expect(router.pick(req)).toBe("api");
    expect(router.pick(req, () => false)).toBe("api");
  });
});
