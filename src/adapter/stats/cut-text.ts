/** `text` cut to at most `maxChars` UTF-16 code units, never splitting a surrogate pair. */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate: its pair would be cut off
  return text.slice(0, end);
}
