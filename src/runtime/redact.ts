const MAX_TEXT = 500;

/** Text for a message: every secret replaced, and cut short so a large answer cannot flood a log. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // A secret of a few characters would turn every word holding them into "[redacted]"; real tokens
  // and keys are longer. Anything from 4 characters on is hidden.
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}… (${out.length} characters)` : out;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
