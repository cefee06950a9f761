import { connectionHref } from '@/components/shell/nav-items';

/** A client connection's page: its broker name ("host:port -> host:port") is one encoded segment. */
export function clientConnectionHref(conn: string, name: string): string {
  return `${connectionHref(conn, 'rabbitmq/connections')}/${encodeURIComponent(name)}`;
}
