import type { Capabilities } from '@/lib/contracts/connections';

export type NavItem = { label: string; segment: string; when: (c: Capabilities) => boolean };

/** Resources under a connection in the left navigation; shown by capability, not by kind. */
export const connectionNavItems: NavItem[] = [
  { label: 'Overview', segment: '', when: () => true },
  { label: 'Brokers', segment: 'brokers', when: (c) => c.topics },
  { label: 'Topics', segment: 'topics', when: (c) => c.topics },
  { label: 'Consumer groups', segment: 'consumer-groups', when: (c) => c.consumerGroups },
  { label: 'Share groups', segment: 'share-groups', when: (c) => c.consumerGroups && c.topics },
  { label: 'Transactions', segment: 'transactions', when: (c) => c.topics },
  { label: 'Queues', segment: 'queues', when: (c) => c.queues },
  { label: 'Exchanges', segment: 'exchanges', when: (c) => c.exchanges },
  { label: 'Bindings', segment: 'rabbitmq/bindings', when: (c) => c.exchanges },
  { label: 'Connections', segment: 'rabbitmq/connections', when: (c) => c.queues },
  { label: 'Policies', segment: 'rabbitmq/policies', when: (c) => c.queues },
  { label: 'Shovels', segment: 'rabbitmq/shovels', when: (c) => c.queues },
  { label: 'Users', segment: 'rabbitmq/users', when: (c) => c.queues },
  { label: 'Virtual hosts', segment: 'rabbitmq/vhosts', when: (c) => c.queues },
  { label: 'Definitions', segment: 'rabbitmq/definitions', when: (c) => c.queues },
  { label: 'Nodes', segment: 'rabbitmq/nodes', when: (c) => c.queues },
  { label: 'Cluster', segment: 'rabbitmq', when: (c) => c.queues },
];

export function connectionHref(id: string, segment = ''): string {
  return `/connections/${encodeURIComponent(id)}${segment ? `/${segment}` : ''}`;
}

/**
 * The one item a page belongs to: the longest segment that the path is, or is under (segment by segment, so
 * "rabbitmq/users/x" is Users, not Cluster too, and "topics-x" is not under "topics").
 */
export function activeNavItem(pathname: string, connectionId: string, items: readonly NavItem[]): NavItem | null {
  let best: NavItem | null = null;
  for (const item of items) {
    const href = connectionHref(connectionId, item.segment);
    const inside = item.segment ? pathname === href || pathname.startsWith(`${href}/`) : pathname === href;
    if (inside && (!best || item.segment.length > best.segment.length)) best = item;
  }
  return best;
}
