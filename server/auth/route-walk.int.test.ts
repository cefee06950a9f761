import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast, type Permission } from '@/lib/contracts/auth';
import { anonymous, call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';

withAuthConfig();

type Op = { method: string; path: string; tags: string[] };

/** Connection and object names for a route: real connections, objects that do not exist (nothing is changed). */
function paramsFor(op: Op): Record<string, string> {
  const rabbit = op.tags.includes('rabbitmq') || /\/(overview|vhosts|exchanges|queues|bindings)(\/|$)/.test(op.path);
  return {
    id: rabbit ? 'local-rabbitmq' : 'local-kafka',
    // The default vhost: an unknown vhost makes RabbitMQ refuse the AMQP connection (a 503, not what is tested here).
    vhost: '/',
    name: 'wharf-walk-no-such-object',
    topic: 'wharf-walk-no-such-topic',
    group: 'wharf-walk-no-such-group',
    username: 'wharf-walk-no-such-user',
  };
}

let ops: Op[] = [];
const sessions: Record<string, Session> = { anonymous };
let permissionOf: (op: Op) => Permission;

beforeAll(async () => {
  for (const role of ROLES) sessions[role] = await login(role);
  const doc = (await (await call(sessions.admin, 'GET', '/api/openapi.json', {})).json()) as { paths: Record<string, Record<string, { tags: string[] }>> };
  ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, m]) => ({ method: method.toUpperCase(), path, tags: m.tags })));
  const { routeSpecs } = await import('@/server/openapi/routes');
  const { requiredPermission } = await import('./policy');
  permissionOf = (op) => requiredPermission(routeSpecs.find((s) => s.path === op.path && s.method === op.method.toLowerCase()) ?? null, op.method, op.path);
});

afterAll(async () => {
  const { closeStore } = await import('@/server/store/store');
  await closeStore();
});

async function attempt(who: Session, op: Op): Promise<{ status: number; code?: string; message?: string }> {
  const res = await call(who, op.method, op.path, paramsFor(op), { signal: AbortSignal.timeout(8000) });
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    const body = (await res.json()) as { error?: { code: string; message: string } };
    return { status: res.status, code: body.error?.code, message: body.error?.message };
  }
  await res.body?.cancel();
  return { status: res.status };
}

describe('every route in /api/openapi.json, as anonymous, viewer, reader, operator and admin', () => {
  it('finds the routes', () => {
    expect(ops.length).toBeGreaterThan(20);
  });

  it('answers each caller as its role allows', async () => {
    const wrong: string[] = [];
    for (const op of ops) {
      const need = permissionOf(op);
      for (const [who, session] of Object.entries(sessions)) {
        const r = await attempt(session, op);
        const label = `${who} ${op.method} ${op.path} (needs ${need}) -> ${r.status} ${r.code ?? ''} ${r.message ?? ''}`;
        if (r.status >= 500) wrong.push(label);
        else if (need === 'public') {
          if (r.status === 401 || r.code === 'FORBIDDEN') wrong.push(label);
        } else if (who === 'anonymous') {
          if (r.status !== 401) wrong.push(label);
        } else if (roleAtLeast(who as (typeof ROLES)[number], need)) {
          if (r.status === 401 || (r.status === 403 && /needs/.test(r.message ?? ''))) wrong.push(label);
        } else if (!(r.status === 403 && r.code === 'FORBIDDEN' && r.message?.includes(`needs ${need}`))) {
          wrong.push(label);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
