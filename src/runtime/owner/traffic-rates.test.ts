import { describe, expect, it } from "vitest";
import { FakeClock } from "../../common/index.js";
import { TrafficRates } from "./traffic-rates.js";

const at = (requests: number, errors = 0) => new Map([["api", { requests, errors }]]);

describe("TrafficRates", () => {
  it("gives the rates of the last window, not the average since start", () => {
    const clock = new FakeClock();
    const rates = new TrafficRates(clock, 10_000);
    expect(rates.rates("api", { requests: 5, errors: 0 })).toEqual({
      requestsPerSecond: 0,
      errorsPerSecond: 0,
    });
    // 1 000 requests in the first 10 s, then 10 a second for 20 s.
    let requests = 0;
    for (let s = 0; s < 30; s++) {
      rates.sample(at(requests, s >= 10 ? s - 10 : 0));
      clock.advance(1_000);
      requests += s < 10 ? 100 : 10;
    }
    const now = rates.rates("api", { requests, errors: 20 });
    expect(now.requestsPerSecond).toBeCloseTo(10, 5);
    expect(now.errorsPerSecond).toBeCloseTo(1, 5);
    expect(rates.rates("other", { requests: 1, errors: 0 }).requestsPerSecond).toBe(0);
  });
});
