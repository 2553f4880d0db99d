import { checkCircuitText, invalidError, type CircuitFile } from "./load-circuit.js";
import { writeFileAtomic } from "./write-atomic.js";
import { applyYamlEdits, type YamlEdit } from "./yaml-edit.js";

/**
 * The text baton.yaml would have after `edits`, checked in full. A change that would leave the
 * file invalid is refused with the errors it would cause; nothing is written.
 */
export function planChange(circuit: CircuitFile, edits: readonly YamlEdit[]): string {
  const text = applyYamlEdits(circuit.source.text, edits);
  const check = checkCircuitText(circuit.file, text, circuit.dir);
  if (check.errors.length > 0)
    throw invalidError(check.errors, "refused, the change would make baton.yaml invalid: ");
  return text;
}

/** Applies `edits` to baton.yaml and writes it atomically. */
export function saveChange(circuit: CircuitFile, edits: readonly YamlEdit[]): void {
  writeFileAtomic(circuit.file, planChange(circuit, edits));
}
