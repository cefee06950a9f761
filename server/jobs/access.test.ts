import { describe, expect, it } from 'vitest';
import { emptyProgress, type Job, type JobParams } from '@/lib/contracts/jobs';
import type { Principal } from '../auth/principal';
import { jobForCaller, requireJobAccess, viewJob, visibleJobs } from './access';

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

describe('visibleJobs and jobForCaller', () => {
  const job = (params: JobParams): Job => ({
    id: 'job-abcdef',
    kind: params.kind,
    params,
    dryRun: true,
    status: 'failed',
    progress: emptyProgress('failed'),
    result: { verified: null, details: ['read 3 of 3 in range, 1 matched "value.ssn == \"123\""'], possibleDuplicates: 0 },
    error: 'filter "value.ssn == \"123\"" failed on offset 4',
    createdBy: 'op',
    createdAt: '2026-12-02T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
  });
  const filtered = job({ ...drain, source: { ...drain.source, filter: 'value.ssn == "123"' } } as JobParams);

  it('lists a job only to callers with viewer or more on every connection it touches', () => {
    expect(visibleJobs(user('viewer'), [filtered])).toHaveLength(1);
    expect(visibleJobs(user(null, { rabbit: 'admin' }), [filtered])).toEqual([]);
    expect(visibleJobs(user(null, { rabbit: 'viewer', kafka: 'viewer' }), [filtered])).toHaveLength(1);
    expect(() => viewJob(user(null, { rabbit: 'operator' }), filtered)).toThrow('User "u" has no role on connection "kafka"; viewing a rabbitmq-to-kafka job needs viewer on connection "kafka" (its target)');
  });

  it('leaves the filter out below reader, also where the result and the error quote it', () => {
    const seen = jobForCaller(user('viewer', { rabbit: 'admin' }), filtered);
    expect(seen.params.source).not.toHaveProperty('filter');
    expect(seen.hidden).toEqual(['params.source.filter']);
    expect(JSON.stringify(seen)).not.toContain('ssn');
    expect(seen.error).toBe('filter "(filter hidden: needs reader)" failed on offset 4');
    expect(jobForCaller(user('reader'), filtered)).toBe(filtered);
    const plain = job(drain);
    expect(jobForCaller(user('viewer'), plain)).toBe(plain);
  });
});
