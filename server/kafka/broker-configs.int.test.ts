import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/contracts/auth';
import type { BrokerConfigEntry, BrokerConfigs } from '@/lib/contracts/broker-configs';
import type { BrokerList } from '@/lib/contracts/kafka';
import { call, login, withAuthConfig, type Session } from '@/test/support/auth-harness';
import { kafkaCli } from '@/test/support/cli';
import { BOOTSTRAP } from '@/test/support/kafka';

withAuthConfig();

/*
 * Broker configs against the real broker, checked with Kafka's own kafka-configs. The key changed is
 * log.cleaner.backoff.ms (how long the log cleaner sleeps when it has nothing to clean): dynamic at both levels and
 * harmless to the other tests running on the same broker. It is left as it was found, at both levels.
 */
const id = 'local-kafka';
const CONFIGS = '/api/connections/{id}/brokers/{broker}/configs';
const KEY = 'log.cleaner.backoff.ms';

const json = async <T,>(res: Response): Promise<T> => (await res.json()) as T;
const errorOf = async (res: Response) => ({ status: res.status, ...(await json<{ error: { code: string; message: string } }>(res)).error });

type CliEntry = { value: string; sensitive: boolean; source: string | null };
/** `kafka-configs --describe [--all]`: "  name=value sensitive=false synonyms={SOURCE:name=value, ...}" per key. */
async function cliConfigs(entity: string[], all = false): Promise<Map<string, CliEntry>> {
  const out = await kafkaCli(['configs', '--bootstrap-server', BOOTSTRAP, '--entity-type', 'brokers', ...entity, '--describe', ...(all ? ['--all'] : [])]);
  const entries = new Map<string, CliEntry>();
  for (const line of out.split('\n')) {
    const m = /^ {2}([^=\s]+)=(.*) sensitive=(true|false) synonyms=\{([A-Z_]*)/.exec(line);
    if (m) entries.set(m[1], { value: m[2], sensitive: m[3] === 'true', source: m[4] || null });
  }
  return entries;
}

const CLI_SOURCE: Record<string, BrokerConfigEntry['source']> = {
  DYNAMIC_BROKER_CONFIG: 'broker',
  DYNAMIC_DEFAULT_BROKER_CONFIG: 'cluster-default',
  STATIC_BROKER_CONFIG: 'static',
  DEFAULT_CONFIG: 'default',
};

describe('broker and cluster-wide configs against the real broker', () => {
  const s: Record<string, Session> = {};
  let broker = -1;
  let original: { cluster: string | undefined; broker: string | undefined };

  const get = async (scope: number | 'cluster', who = s.viewer) => json<BrokerConfigs>(await call(who, 'GET', CONFIGS, { id, broker: String(scope) }));
  const entry = (c: BrokerConfigs, name = KEY) => c.configs.find((e) => e.name === name);
  const patch = (scope: number | 'cluster', body: unknown, who = s.admin, conn = id) => call(who, 'PATCH', CONFIGS, { id: conn, broker: String(scope) }, { body });

  beforeAll(async () => {
    for (const role of ['viewer', 'operator', 'admin']) s[role] = await login(role);
    const brokers = await json<BrokerList>(await call(s.viewer, 'GET', '/api/connections/{id}/brokers', { id }));
    broker = brokers.brokers[0].id;
    original = {
      cluster: (await cliConfigs(['--entity-default'])).get(KEY)?.value,
      broker: (await cliConfigs(['--entity-name', String(broker)])).get(KEY)?.value,
    };
  });

  afterAll(async () => {
    const restore = async (entity: string[], value: string | undefined) =>
      kafkaCli(['configs', '--bootstrap-server', BOOTSTRAP, '--entity-type', 'brokers', ...entity, '--alter', ...(value === undefined ? ['--delete-config', KEY] : ['--add-config', `${KEY}=${value}`])]).catch(() => undefined);
    await restore(['--entity-name', String(broker)], original.broker);
    await restore(['--entity-default'], original.cluster);
    const { closeStore } = await import('@/server/store/store');
    await closeStore();
  });

  it("lists a broker's configs as kafka-configs --all does: every key, value and source; secrets masked; docs as plain text", async () => {
    const wharf = await get(broker);
    const cli = await cliConfigs(['--entity-name', String(broker)], true);
    expect(wharf.broker).toBe(broker);
    expect(wharf.configs.map((e) => e.name).sort()).toEqual([...cli.keys()].sort());
    for (const e of wharf.configs) {
      const c = cli.get(e.name)!;
      expect(e.sensitive, e.name).toBe(c.sensitive);
      // kafka-configs prints a sensitive value as null too; Wharf never sends one.
      if (e.sensitive) expect(e.value, e.name).toBeNull();
      else expect(e.value ?? 'null', e.name).toBe(c.value);
      if (c.source) expect(e.source, e.name).toBe(CLI_SOURCE[c.source] ?? 'other');
    }
    const key = entry(wharf)!;
    expect(key).toMatchObject({ readOnly: false, type: 'long', sensitive: false });
    expect(key.documentation).toMatch(/no logs to clean/);
    expect(wharf.configs.filter((e) => /<\/?(code|i|b|br|p|a|ul|li|ol|em|strong|pre|table|tr|td)\b/i.test(e.documentation ?? '')).map((e) => [e.name, e.documentation])).toEqual([]);
    // A key that needs a restart is read-only (listeners is not: KRaft brokers take new ones per broker).
    expect(entry(wharf, 'node.id')?.readOnly).toBe(true);
  });

  it('sets and resets a cluster-wide default and a broker override, in order of precedence, as kafka-configs shows', async () => {
    const kafkaDefault = entry(await get(broker))!;
    const base = kafkaDefault.source === 'default' ? kafkaDefault.value : null;

    // Roles: changing a broker's configs is an admin's; nothing changes on a refusal.
    expect((await patch('cluster', { set: { [KEY]: '16000' } }, s.operator)).status).toBe(403);
    expect((await patch(broker, { set: { [KEY]: '16000' } }, s.viewer)).status).toBe(403);
    expect((await cliConfigs(['--entity-default'])).get(KEY)?.value).toBe(original.cluster);

    const cluster = await json<BrokerConfigs>(await patch('cluster', { set: { [KEY]: '16000' } }));
    expect(cluster.broker).toBeNull();
    expect(cluster.referenceBroker).toBe(broker);
    expect(entry(cluster)).toMatchObject({ value: '16000', source: 'cluster-default', setHere: true, fallback: { source: original.broker ? 'static' : 'default' } });
    expect((await cliConfigs(['--entity-default'])).get(KEY)).toMatchObject({ value: '16000', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' });
    // The cluster view lists the dynamic keys that are not set too, at their lower-level value.
    expect(entry(cluster, 'log.cleaner.threads')).toMatchObject({ setHere: false, fallback: null });
    await expect.poll(async () => entry(await get(broker))).toMatchObject({ value: '16000', source: 'cluster-default', setHere: false, fallback: null });

    const own = await json<BrokerConfigs>(await patch(broker, { set: { [KEY]: '17000' } }));
    expect(entry(own)).toMatchObject({ value: '17000', source: 'broker', setHere: true, fallback: { value: '16000', source: 'cluster-default' } });
    expect((await cliConfigs(['--entity-name', String(broker)])).get(KEY)).toMatchObject({ value: '17000', source: 'DYNAMIC_BROKER_CONFIG' });
    // The cluster view shows the default, not the broker's own override.
    expect(entry(await get('cluster'))).toMatchObject({ value: '16000', source: 'cluster-default' });

    const reset = await json<BrokerConfigs>(await patch(broker, { reset: [KEY] }));
    expect(entry(reset)).toMatchObject({ value: '16000', source: 'cluster-default', setHere: false });
    expect((await cliConfigs(['--entity-name', String(broker)])).get(KEY)).toBeUndefined();
    const back = await json<BrokerConfigs>(await patch('cluster', { reset: [KEY] }));
    expect(entry(back)).toMatchObject({ setHere: false, value: base });
    expect((await cliConfigs(['--entity-default'])).get(KEY)).toBeUndefined();

    const audit = (await json<{ entries: AuditEntry[] }>(await call(s.admin, 'GET', '/api/audit', {}, { query: { q: `/brokers/`, limit: '50' } }))).entries;
    const mine = audit.filter((e) => e.method === 'PATCH' && e.path.includes(`/api/connections/${id}/brokers/`));
    expect(mine.filter((e) => e.status === 200)).toHaveLength(4);
    expect(mine.filter((e) => e.status === 403).length).toBeGreaterThanOrEqual(2);
  });

  it("answers bad input with a 4xx naming what is wrong, in the broker's words where the broker refuses", async () => {
    const readOnlyKey = await errorOf(await patch(broker, { set: { 'node.id': '7' } }));
    expect(readOnlyKey).toMatchObject({ status: 400, message: expect.stringMatching(new RegExp(`^Could not change the configs of broker ${broker}: .*node\\.id`)) });
    const badValue = await errorOf(await patch('cluster', { set: { [KEY]: 'soon' } }));
    expect(badValue).toMatchObject({ status: 400, message: expect.stringMatching(/^Could not change the cluster-wide broker configs: .*log\.cleaner\.backoff\.ms/) });
    expect(await errorOf(await patch(999_999, { set: { [KEY]: '16000' } }))).toMatchObject({ status: 404, message: expect.stringContaining('has no broker 999999') });
    expect(await errorOf(await call(s.viewer, 'GET', CONFIGS, { id, broker: '999999' }))).toMatchObject({ status: 404 });
    expect(await errorOf(await call(s.viewer, 'GET', CONFIGS, { id, broker: 'leader' }))).toMatchObject({ status: 400, message: expect.stringContaining('broker') });
    expect(await errorOf(await patch(broker, {}))).toMatchObject({ status: 400, message: expect.stringContaining('Nothing to change') });
    expect(await errorOf(await patch(broker, { set: { [KEY]: '1' }, reset: [KEY] }))).toMatchObject({ status: 400, message: expect.stringContaining(KEY) });
    expect(await errorOf(await patch(broker, { set: { [KEY]: '16000' } }, s.admin, 'readonly-kafka'))).toMatchObject({ status: 403, message: expect.stringContaining('read-only') });
    expect((await cliConfigs(['--entity-name', String(broker)])).get(KEY)?.value).toBe(original.broker);
    expect((await cliConfigs(['--entity-default'])).get(KEY)?.value).toBe(original.cluster);
  });
});
