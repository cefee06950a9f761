import { describe, expect, it } from 'vitest';
import type { JobParams } from '@/lib/contracts/jobs';
import type { Principal } from '../auth/principal';
import { requireJobAccess } from './access';

const user = (defaultRole: Principal['defaultRole'], connectionRoles: Principal['connectionRoles'] = {}): Principal => ({ username: 'u', source: 'config', defaultRole, connectionRoles });
const drain = {
  kind: 'rabbitmq-to-kafka',
  source: { connection: 'rabbit', vhost: '/', queue: 'q' },
  target: { connection: 'kafka', topic: 't', key: 'message-id' },
} as JobParams;

describe('requireJobAccess', () => {
  it('needs operator on the source and the target, whatever the default role', () => {
    expect(() => requireJobAccess(user('operator'), drain, 'starting')).not.toThrow();
    expect(() => requireJobAccess(user(null, { rabbit: 'operator', kafka: 'admin' }), drain, 'starting')).not.toThrow();
    expect(() => requireJobAccess(user('operator', { rabbit: 'viewer' }), drain, 'starting')).toThrow(
      'User "u" has viewer on connection "rabbit"; starting a rabbitmq-to-kafka job needs operator on connection "rabbit" (its source)',
    );
    expect(() => requireJobAccess(user('admin', { kafka: 'reader' }), drain, 'resuming')).toThrow(/has reader on connection "kafka"; resuming .* \(its target\)/);
    expect(() => requireJobAccess(user(null, { rabbit: 'operator' }), drain, 'cancelling')).toThrow(/has no role on connection "kafka"/);
  });
});
