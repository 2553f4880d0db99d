import { describe, expect, it } from "vitest";
import { seededRandom } from "../../common/index.js";
import { DEFAULT_LADDER, HealLadder, type LadderDecision, type Verdict } from "./heal-ladder.js";

const PROBE_MS = 5_000;

/** Feeds `verdicts` one probe interval apart from `startMs`; returns the decisions that act. */
function feed(ladder: HealLadder, verdicts: readonly Verdict[], startMs = 0) {
  const acted: { atMs: number; decision: LadderDecision }[] = [];
  verdicts.forEach((v, i) => {
    const atMs = startMs + i * PROBE_MS;
    const decision = ladder.observe(v, atMs);
    if (decision.kind !== "none") acted.push({ atMs, decision });
  });
  return acted;
}

const times = (n: number, v: Verdict): Verdict[] => Array.from({ length: n }, () => v);

describe("HealLadder", () => {
  it("restarts after 3 failed probes, puts the node on its mock at 6, then escalates", () => {
    const ladder = new HealLadder("live", { ...DEFAULT_LADDER, restartBaseMs: 1 }, seededRandom(1));
    const acted = feed(ladder, times(9, "unhealthy"));
    expect(acted.map((a) => a.decision)).toEqual([
      { kind: "restart", attempt: 1, failures: 3 },
      { kind: "replace_with_mock", failures: 6 },
      { kind: "escalate", failures: 9 },
    ]);
    expect(ladder.stage).toBe("faulted");
    expect(feed(ladder, times(5, "unhealthy"))).toEqual([]); // escalated once, not on every probe
  });

  it("is not reset by a restart that comes up: a flapping service still reaches its mock", () => {
    const ladder = new HealLadder("live", { ...DEFAULT_LADDER, restartBaseMs: 1 }, seededRandom(1));
    // Down 3 probes, up 1 (the restart worked, briefly), down again, ...
    const flapping = [...times(3, "unhealthy"), "healthy" as const, ...times(3, "unhealthy")];
    const acted = feed(ladder, flapping);
    expect(acted.map((a) => a.decision.kind)).toEqual(["restart", "replace_with_mock"]);
  });

  it("backs off between restarts: each wait about doubles, jittered, up to the cap", () => {
    const options = { ...DEFAULT_LADDER, failuresToRestart: 1, failuresToMock: 100_000 };
    const ladder = new HealLadder("live", options, seededRandom(7));
    const restarts: number[] = [];
    // A probe every second, failing: restarts come as fast as the backoff lets them.
    for (let t = 0; t < 3_600_000; t += 1_000)
      if (ladder.observe("unhealthy", t).kind === "restart") restarts.push(t);
    const gaps = restarts.slice(1).map((t, i) => t - (restarts[i] as number));
    for (const [i, gap] of gaps.entries()) {
      const full = Math.min(300_000, 10_000 * 2 ** i);
      expect(gap).toBeGreaterThanOrEqual(full / 2);
      expect(gap).toBeLessThanOrEqual(full + 1_000);
    }
    expect(gaps.slice(0, 5).every((g, i) => i === 0 || g > (gaps[i - 1] as number))).toBe(true);
    expect(new Set(gaps.slice(-5)).size).toBeGreaterThan(1); // jittered, even at the cap
  });

  it("starts over only after a whole window healthy, clearing an escalation", () => {
    const options = { ...DEFAULT_LADDER, restartBaseMs: 1, healthyResetMs: 60_000 };
    const ladder = new HealLadder("live", options, seededRandom(1));
    feed(ladder, times(3, "unhealthy"));
    expect(ladder.failures).toBe(3);
    // Healthy for 55 s, then one failure: not reset (the window was not whole).
    feed(ladder, [...times(12, "healthy"), "unhealthy"], 15_000);
    expect(ladder.failures).toBe(4);
    const acted = feed(ladder, times(14, "healthy"), 100_000);
    expect(acted).toEqual([{ atMs: 160_000, decision: { kind: "recovered" } }]);
    expect([ladder.failures, ladder.restarts]).toEqual([0, 0]);

    const faulted = new HealLadder("mocked", options, seededRandom(1));
    expect(feed(faulted, times(3, "unhealthy")).map((a) => a.decision.kind)).toEqual(["escalate"]);
    expect(feed(faulted, times(13, "healthy"), 20_000).map((a) => a.decision.kind)).toEqual([
      "recovered",
    ]);
    expect(faulted.stage).toBe("mocked");
  });

  it("holds an escalation restored after a crash until a whole window healthy", () => {
    const options = { ...DEFAULT_LADDER, healthyResetMs: 60_000 };
    const ladder = new HealLadder("mocked", options, seededRandom(1));
    ladder.fault("3 failed probes");
    expect([ladder.stage, ladder.escalation, ladder.failing]).toEqual([
      "faulted",
      "3 failed probes",
      false,
    ]);
    expect(feed(ladder, times(3, "unhealthy"))).toEqual([]);
    expect(feed(ladder, times(13, "healthy"), 20_000).map((a) => a.decision.kind)).toEqual([
      "recovered",
    ]);
    expect([ladder.stage, ladder.escalation]).toEqual(["mocked", null]);
  });

  it("ignores unknown verdicts: they neither count nor break a healthy window", () => {
    const ladder = new HealLadder("live", DEFAULT_LADDER, seededRandom(1));
    expect(feed(ladder, [...times(2, "unhealthy"), ...times(5, "unknown"), "unhealthy"])).toEqual([
      { atMs: 35_000, decision: { kind: "restart", attempt: 1, failures: 3 } },
    ]);
  });
});
