import { onTestFinished } from "vitest";
import { seededRandom, systemClock } from "../../src/common/index.js";
import { Conductor, RUNTIME_INSTRUMENTS } from "../../src/runtime/conductor/index.js";
import { CircuitRuntime, type RuntimeNode } from "../../src/runtime/circuit/index.js";

/** A CircuitRuntime on its own conductor, every adapter on a port the OS picks; downed after the test. */
export function testRuntime(
  dir: string,
  nodes: readonly RuntimeNode[],
  edges: { source: string; target: string }[] = [],
  portOf: (node: RuntimeNode) => number = () => 0,
) {
  const conductor = new Conductor({
    clock: systemClock,
    random: seededRandom(1),
    instruments: RUNTIME_INSTRUMENTS,
  });
  conductor.start();
  const rt = new CircuitRuntime({
    dir,
    nodes,
    edges,
    conductor,
    clock: systemClock,
    random: seededRandom(2),
    portOf,
  });
  onTestFinished(async () => {
    await rt.down(100);
    await conductor.stop();
  });
  return rt;
}
