/**
 * Pages receive [vhost]/[name] still percent-encoded ("%2F" for the default vhost), unlike route handlers, whose
 * params arrive decoded; so pages decode each segment exactly once here.
 */
export type RabbitPageParams = Promise<{ id: string; vhost: string; name: string }>;

export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A malformed escape (a stray "%") cannot come from Wharf's own links; show it as typed.
    return s;
  }
}

export async function rabbitPageParams(params: RabbitPageParams): Promise<{ conn: string; vhost: string; name: string }> {
  const { id, vhost, name } = await params;
  return { conn: decodeSegment(id), vhost: decodeSegment(vhost), name: decodeSegment(name) };
}
