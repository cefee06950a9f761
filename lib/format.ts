/** Formatters shared by server and client. Null means unknown and is shown as such, never as 0. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : integer.format(n);
}

/** "1 message", "2,000 messages", "unknown messages": a count with its noun in the right number. */
export function formatMessages(n: number | null | undefined): string {
  return `${formatCount(n)} ${n === 1 ? 'message' : 'messages'}`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'unknown';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatRate(perSecond: number | null | undefined, unit = 'msg/s'): string {
  if (perSecond === null || perSecond === undefined) return 'unknown';
  const digits = perSecond > 0 && perSecond < 10 ? 1 : 0;
  return `${perSecond.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'unknown';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function formatAge(iso: string, now = Date.now()): string {
  const ms = Math.max(0, now - Date.parse(iso));
  return ms < 1500 ? 'just now' : `${formatDuration(ms)} ago`;
}
