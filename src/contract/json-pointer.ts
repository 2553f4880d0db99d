/** Splits a JSON pointer (`/components/schemas/Order`, `#` fragment form allowed) into tokens. */
export function parsePointer(pointer: string): string[] | undefined {
  let text = pointer;
  if (text.startsWith("#")) text = text.slice(1);
  try {
    text = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  if (text === "") return [];
  if (!text.startsWith("/")) return undefined;
  return text
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Follows pointer tokens through plain JS data; `found` is false when a step is missing. */
export function resolvePointer(
  root: unknown,
  tokens: readonly string[],
): { found: boolean; value: unknown } {
  let value = root;
  for (const token of tokens) {
    if (Array.isArray(value)) {
      const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : -1;
      if (index < 0 || index >= value.length) return { found: false, value: undefined };
      value = value[index];
    } else if (typeof value === "object" && value !== null && Object.hasOwn(value, token)) {
      value = (value as Record<string, unknown>)[token];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value };
}
