import 'server-only';

export type RabbitVersion = { major: number; minor: number; patch: number };

/** "4.2.1+12.g3f" -> 4.2.1; a version without a patch ("3.13") reads as .0. */
export function parseRabbitVersion(version: string | null | undefined): RabbitVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) } : null;
}

/** Null when the version is unknown: the caller decides what an unknown broker gets. */
export function isAtLeast(version: string | null | undefined, major: number, minor: number, patch = 0): boolean | null {
  const v = parseRabbitVersion(version);
  if (!v) return null;
  return v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch;
}
