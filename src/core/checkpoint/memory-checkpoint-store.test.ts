import { expect, it } from "vitest";
import { checkpointStoreContract } from "../../../test/support/checkpoint-store-contract.js";
import { MemoryCheckpointStore } from "./memory-checkpoint-store.js";

checkpointStoreContract("MemoryCheckpointStore", () =>
  Promise.resolve(new MemoryCheckpointStore()),
);

it("counts the saves it applied", async () => {
  const store = new MemoryCheckpointStore();
  await store.save("a", "{}");
  await store.save("a", "{}");
  expect(store.writeCount).toBe(2);
});
