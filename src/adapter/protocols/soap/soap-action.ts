/** Longest action name kept for signals and routing, characters. */
const MAX_ACTION_CHARS = 256;

/**
 * The SOAP operation a request calls: the `SOAPAction` header (SOAP 1.1, quotes stripped), else
 * the `action` parameter of a SOAP 1.2 `Content-Type`; null when neither names one.
 */
export function soapAction(raw: readonly string[]): string | null {
  let contentType: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === "soapaction") {
      const action = value.trim().replace(/^"(.*)"$/, "$1");
      if (action !== "") return action.slice(0, MAX_ACTION_CHARS);
    } else if (name === "content-type") contentType = value;
  }
  if (contentType === null) return null;
  const match = /;\s*action\s*=\s*"?([^";]+)"?/i.exec(contentType);
  return match?.[1]?.slice(0, MAX_ACTION_CHARS) ?? null;
}
