import 'server-only';
import type { DecodedField, DecodeMode } from '@/lib/contracts/messages';

/** Values longer than this are cut in lists; the full value is fetched on demand. */
export const PREVIEW_BYTES = 16 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes` if they are valid UTF-8 without control characters other than whitespace, else null. */
export function asText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Parsed JSON when the text is a JSON object or array (plain numbers and strings stay text). */
export function asJson(text: string): unknown {
  const t = text.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hex(bytes: Buffer): string {
  return bytes.toString('hex').replace(/(.{2})(?=.)/g, '$1 ');
}

/** Decodes one field for display. A forced mode that does not fit (json on non-JSON) falls back to auto. */
export function decodeField(bytes: Buffer | null | undefined, mode: DecodeMode = 'auto', previewBytes = PREVIEW_BYTES): DecodedField {
  if (bytes === null || bytes === undefined) return { encoding: 'null', display: null, base64: null, size: 0, truncated: false };
  const size = bytes.length;
  const truncated = size > previewBytes;
  const shown = truncated ? bytes.subarray(0, previewBytes) : bytes;
  const base64 = truncated ? null : bytes.toString('base64');
  const binary = (): DecodedField => ({ encoding: 'binary', display: mode === 'base64' ? shown.toString('base64') : hex(shown), base64, size, truncated });
  if (mode === 'hex' || mode === 'base64') return binary();
  // A cut value may end inside a multi-byte character; decode the whole field to decide, then cut the text.
  const text = asText(bytes);
  if (text === null) return binary();
  if (mode !== 'text' && !truncated) {
    const json = asJson(text);
    if (json !== undefined) return { encoding: 'json', display: JSON.stringify(json, null, 2), base64, size, truncated };
  }
  return { encoding: 'text', display: truncated ? text.slice(0, previewBytes) : text, base64, size, truncated };
}

/** The value a CEL filter sees: parsed JSON when it parses, else the string, else base64 of the bytes. */
export function filterValue(bytes: Buffer | null | undefined): unknown {
  if (bytes === null || bytes === undefined) return null;
  const text = asText(bytes);
  if (text === null) return bytes.toString('base64');
  const json = asJson(text);
  return json === undefined ? text : json;
}

/** Header values as a CEL map of strings (binary values as base64). */
export function filterHeaders(headers: Record<string, Buffer | string | null | undefined | Array<Buffer | string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const one = Array.isArray(v) ? v[v.length - 1] : v;
    if (one === null || one === undefined) continue;
    out[k] = typeof one === 'string' ? one : (asText(one) ?? one.toString('base64'));
  }
  return out;
}
