/** Parses a textarea of JSON into an object, or says why not (for "extra arguments" and "headers" fields). */
export function parseJsonObject(text: string, what: string): { value: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { value: {} };
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: `${what} must be a JSON object` };
    return { value: v as Record<string, unknown> };
  } catch (e) {
    return { error: `${what}: ${(e as Error).message}` };
  }
}
