import { connectionHref } from '@/components/shell/nav-items';

const enc = encodeURIComponent;

/** Page links: the vhost and name are separate, individually encoded segments ("/" -> %2F). */
export function queueHref(conn: string, vhost: string, name: string, sub?: 'messages' | 'move'): string {
  return `${connectionHref(conn, 'queues')}/${enc(vhost)}/${enc(name)}${sub ? `/${sub}` : ''}`;
}

/** The default exchange "" is addressed as "amq.default", as in the management API. */
export function exchangeHref(conn: string, vhost: string, name: string): string {
  return `${connectionHref(conn, 'exchanges')}/${enc(vhost)}/${enc(name || 'amq.default')}`;
}

export const exchangeLabel = (name: string) => name || '(AMQP default)';
