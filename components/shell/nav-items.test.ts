import { describe, expect, it } from 'vitest';
import { activeNavItem, connectionNavItems } from './nav-items';

const active = (path: string) => activeNavItem(path, 'local-rabbitmq', connectionNavItems)?.label ?? null;

describe('the sidebar item a page belongs to', () => {
  it('is exactly one, the most specific', () => {
    expect(active('/connections/local-rabbitmq')).toBe('Overview');
    expect(active('/connections/local-rabbitmq/rabbitmq')).toBe('Cluster');
    expect(active('/connections/local-rabbitmq/rabbitmq/users')).toBe('Users');
    expect(active('/connections/local-rabbitmq/rabbitmq/connections/some%20conn')).toBe('Connections');
    expect(active('/connections/local-rabbitmq/queues/%2F/q')).toBe('Queues');
  });

  it('goes by whole path segments', () => {
    expect(active('/connections/local-rabbitmq/queues-archive')).toBeNull();
    expect(active('/connections/local-rabbitmq-2/queues')).toBeNull();
  });
});
