/**
 * Filtering and sorting for the lists the browser holds whole (exchanges, bindings: tens to hundreds, unlike
 * queues, which the server pages). Search is a substring or, on request, a case-insensitive regex.
 */
export const MAX_PATTERN_LENGTH = 100;

/** A name test for the search box, or a message saying why the regex is refused. */
export function nameMatcher(search: string, regex: boolean): ((name: string) => boolean) | string {
  const q = search.trim();
  if (!q) return () => true;
  if (!regex) {
    const needle = q.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
  if (q.length > MAX_PATTERN_LENGTH) return `Regex longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    const re = new RegExp(q, 'i');
    return (name) => re.test(name);
  } catch (e) {
    return `Invalid regex: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : 'cannot parse'}`;
  }
}

export type SortDir = 'asc' | 'desc';

/** Sorted by `key`; unknown (null) values last whatever the direction, as in the other tables (unknown is not 0). */
export function sortBy<T>(rows: readonly T[], key: (row: T) => string | number | null, dir: SortDir): T[] {
  const sign = dir === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y));
  });
}
