import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rabbitmqConnectionSchema } from '../config/schema';
import { getOverview } from './browse';
import { RabbitmqConnector } from './connector';
import { getNodesReport } from './nodes';
import { collectRabbitmq } from '../sampler/rabbitmq-collect';

const MGMT = 'http://127.0.0.1:15672';
const GUEST = { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' };
const USER = `wharf-test-mgmt-${process.pid}`;

async function admin(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${MGMT}/api/${path}`, { method, headers: GUEST, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: ${res.status}`);
}

/** A RabbitMQ user tagged "management" only: it may not list nodes (RabbitMQ answers 401 "Not monitor user"). */
describe('a RabbitMQ connection whose user is tagged management, not monitoring', () => {
  beforeAll(async () => {
    await admin('PUT', `users/${USER}`, { password: USER, tags: 'management' });
    await admin('PUT', `permissions/%2F/${USER}`, { configure: '.*', write: '.*', read: '.*' });
  });
  afterAll(() => admin('DELETE', `users/${USER}`));

  it('gets the overview without the nodes, and says which call its tags do not allow', async () => {
    const config = rabbitmqConnectionSchema.parse({ id: 'mgmt-only', kind: 'rabbitmq', amqpUrl: 'amqp://127.0.0.1:5672', managementUrl: MGMT, username: USER, password: USER });
    const c = new RabbitmqConnector(config);
    try {
      const overview = await getOverview(c);
      expect(overview.nodes).toEqual([]);
      expect(overview.version).toMatch(/^3\./);
      expect(overview.totals.queues).toEqual(expect.any(Number));
      const refused = await c.management.get('nodes', z.unknown()).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 403, message: expect.stringMatching(/refused nodes: Not monitor user \(the configured user lacks that RabbitMQ tag\)/) });
    } finally {
      await c.close();
    }
  });

  it('gets node health without the nodes: each part it may not read is a note, the rest is shown', async () => {
    const config = rabbitmqConnectionSchema.parse({ id: 'mgmt-only', kind: 'rabbitmq', amqpUrl: 'amqp://127.0.0.1:5672', managementUrl: MGMT, username: USER, password: USER });
    const c = new RabbitmqConnector(config);
    try {
      const report = await getNodesReport(c);
      expect(report.nodes).toEqual([]);
      expect(report.notes.join('\n')).toMatch(/^Nodes: .*refused nodes: Not monitor user/m);
      // Health checks are open to management users (3.10.8), feature flags only to administrators.
      expect(report.checks.filter((c) => c.passed !== null).every((c) => c.passed)).toBe(true);
      expect(report.featureFlags).toBeNull();
      expect(report.notes.join('\n')).toMatch(/^Feature flags: .*refused feature-flags: Not administrator user/m);
      // The sampler still charts the queues: the nodes are left out, not the tick.
      const raw = await collectRabbitmq(c);
      expect(raw.nodes).toEqual([]);
      expect(Array.isArray(raw.queues)).toBe(true);
    } finally {
      await c.close();
    }
  });
});
