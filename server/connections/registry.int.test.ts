import { describe, expect, it } from 'vitest';
import { GET as getConnection } from '@/app/api/connections/[id]/route';
import { GET as listConnections } from '@/app/api/connections/route';
import { GET as health } from '@/app/api/health/route';
import type { ConnectionList, ConnectionSummary } from '@/lib/contracts/connections';
import { getConnectorOf, summarize } from './registry';

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const req = (p: string) => new Request(`http://127.0.0.1${p}`);

describe('connection registry against the real brokers', () => {
  it('reports both local brokers up with versions and counts', async () => {
    const res = await listConnections(req('/api/connections'), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const { connections } = (await res.json()) as ConnectionList;
    const kafka = connections.find((c) => c.id === 'local-kafka')!;
    const rabbit = connections.find((c) => c.id === 'local-rabbitmq')!;
    expect(kafka.status).toMatchObject({ state: 'up', reason: null });
    expect(kafka.version).toBe(process.env.WHARF_TEST_KAFKA_VERSION);
    expect(kafka.counts).toMatchObject({ kind: 'kafka', brokers: 1 });
    expect(rabbit.status.state).toBe('up');
    expect(rabbit.version).toMatch(/^3\.\d+\.\d+$/);
    expect(rabbit.counts).toMatchObject({ kind: 'rabbitmq' });
    expect(rabbit.counts && rabbit.counts.kind === 'rabbitmq' && rabbit.counts.vhosts).toBeGreaterThanOrEqual(1);
  });

  it('never sends secrets to the browser', async () => {
    const res = await listConnections(req('/api/connections'), { params: Promise.resolve({}) });
    const text = await res.text();
    expect(text).not.toMatch(/password|guest|sasl/i);
  });

  it('reports a closed port as down with the reason, quickly', async () => {
    for (const id of ['closed-kafka', 'closed-rabbitmq']) {
      const started = Date.now();
      const res = await getConnection(req(`/api/connections/${id}`), ctx(id));
      const body = (await res.json()) as ConnectionSummary;
      expect(res.status).toBe(200);
      expect(body.status.state).toBe('down');
      expect(body.status.reason).toMatch(/connection refused.*127\.0\.0\.1:1|unreachable/i);
      expect(body.status.reason).toContain(id);
      expect(body.counts).toBeNull();
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('reports a RabbitMQ whose management API or AMQP port alone answers as degraded, saying which', async () => {
    const amqpOnly = (await (await getConnection(req('/api/connections/amqp-only-rabbitmq'), ctx('amqp-only-rabbitmq'))).json()) as ConnectionSummary;
    expect(amqpOnly.status.state).toBe('degraded');
    expect(amqpOnly.status.reason).toMatch(/management API .*unreachable.*; AMQP is up/);
    const mgmtOnly = (await (await getConnection(req('/api/connections/mgmt-only-rabbitmq'), ctx('mgmt-only-rabbitmq'))).json()) as ConnectionSummary;
    expect(mgmtOnly.status.state).toBe('degraded');
    expect(mgmtOnly.status.reason).toMatch(/AMQP .*unreachable/);
    expect(mgmtOnly.counts).toMatchObject({ kind: 'rabbitmq' });
  });

  it('answers 503 naming the connection when a broker call cannot be made', async () => {
    const connector = getConnectorOf('closed-kafka', 'kafka');
    await expect(connector.call('list topics', (a) => a.listTopics())).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('"closed-kafka"'),
    });
  });

  it('answers 404 for an unknown connection and 400 for a malformed id, in the one error shape', async () => {
    const missing = await getConnection(req('/api/connections/nope'), ctx('nope'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No connection with id "nope"' } });
    const bad = await getConnection(req('/api/connections/Bad%20Id'), ctx('Bad Id'));
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(/id: connection id must be/);
  });

  it('knows a connection kind', async () => {
    expect(() => getConnectorOf('local-kafka', 'rabbitmq')).toThrow(/is a kafka connection, not rabbitmq/);
    expect((await summarize('readonly-kafka')).readOnly).toBe(true);
    expect((await summarize('readonly-kafka')).capabilities.mutations).toBe(false);
  });

  it('serves health', async () => {
    const res = await health(req('/api/health'), { params: Promise.resolve({}) });
    expect(await res.json()).toMatchObject({ status: 'ok', connections: 8 });
  });
});
