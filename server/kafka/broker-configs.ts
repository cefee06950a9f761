import 'server-only';
import {
  ConfigResourceTypes,
  ConfigSources,
  ConfigTypes,
  describeConfigsV1,
  describeConfigsV2,
  describeConfigsV3,
  describeConfigsV4,
  incrementalAlterConfigsV0,
  incrementalAlterConfigsV1,
} from '@platformatic/kafka';
import type { AlterBrokerConfigsInput, BrokerConfigEntry, BrokerConfigs, BrokerConfigSource } from '@/lib/contracts/broker-configs';
import { alterBrokerConfigsSchema } from '@/lib/contracts/broker-configs';
import { getConnectorOf } from '../connections/registry';
import { BadRequestError, NotFoundError } from '../http/errors';
import { assertWritable, toApiError } from './admin-errors';
import { configOps } from './config-ops';
import type { KafkaConnector } from './connector';

type Described = describeConfigsV4.DescribeConfigsResponseConfig;
type Synonym = describeConfigsV4.DescribeConfigsResponseSynonym;

/*
 * Wharf sends DescribeConfigs and IncrementalAlterConfigs for broker resources itself (the library's own API
 * definitions, through connector.send): a broker's resource must go to that broker ("Unexpected broker id,
 * expected 1 or empty string"), and @platformatic/kafka 2.12's Admin routes the cluster-wide resource (name "")
 * to broker Number("") = 0, which fails on any cluster without a broker 0.
 */
const DESCRIBE = [describeConfigsV4.api, describeConfigsV3.api, describeConfigsV2.api, describeConfigsV1.api];
const ALTER = [incrementalAlterConfigsV1.api, incrementalAlterConfigsV0.api];
const CLUSTER = '';

const SOURCES: Record<number, BrokerConfigSource> = {
  [ConfigSources.DYNAMIC_BROKER_CONFIG]: 'broker',
  [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG]: 'cluster-default',
  [ConfigSources.STATIC_BROKER_CONFIG]: 'static',
  [ConfigSources.DEFAULT_CONFIG]: 'default',
  [ConfigSources.DYNAMIC_BROKER_LOGGER_CONFIG]: 'logger',
};
const TYPES = new Map<number, BrokerConfigEntry['type']>(Object.entries(ConfigTypes).map(([label, code]) => [code, label.toLowerCase() as BrokerConfigEntry['type']]));

const sourceOf = (code: number): BrokerConfigSource => SOURCES[code] ?? 'other';

/** Kafka's documentation strings are HTML; the browser gets plain text (nothing from a broker is rendered as markup). */
export function plainText(html: string | null | undefined): string | null {
  if (html == null) return null;
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|amp|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" })[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}

/**
 * One entry as seen at `level`: a broker's own overrides, or the cluster-wide defaults (the reference broker's
 * key with the default set for it, if any, in place of that broker's own override). Synonyms are the key's values
 * by precedence, so the first one below `level` is what a reset falls back to.
 */
export function toEntry(c: Described, level: 'broker' | 'cluster-default', clusterDefault?: Described): BrokerConfigEntry {
  const synonyms: Synonym[] =
    level === 'broker' ? c.synonyms : [...(clusterDefault?.synonyms ?? []), ...c.synonyms.filter((s) => !['broker', 'cluster-default'].includes(sourceOf(s.source)))];
  const mask = (v: string | null | undefined) => (c.isSensitive ? null : (v ?? null));
  const [top, below] = synonyms;
  const setHere = top !== undefined && sourceOf(top.source) === level;
  // The top synonym, not the entry's own value: just after a change a broker has been seen answering the new
  // source with the old value, while its synonyms were already right.
  const current = top ? { value: top.value, source: sourceOf(top.source) } : level === 'broker' ? { value: c.value, source: sourceOf(c.configSource) } : { value: null, source: 'default' as const };
  return {
    name: c.name,
    value: mask(current.value),
    source: current.source,
    setHere,
    fallback: !setHere ? null : below ? { value: mask(below.value), source: sourceOf(below.source) } : { value: null, source: 'default' },
    sensitive: c.isSensitive,
    readOnly: c.readOnly,
    type: TYPES.get(c.configType) ?? 'unknown',
    documentation: plainText(c.documentation),
  };
}

async function brokerIds(connector: KafkaConnector): Promise<number[]> {
  const meta = await connector.run('broker list', () => connector.admin.metadata({ topics: [] }));
  return [...meta.brokers.keys()].sort((a, b) => a - b);
}

/** A 404 for a broker the cluster does not have; the cluster-wide scope is there whenever the connection is. */
async function assertScope(connector: KafkaConnector, broker: number | 'cluster'): Promise<void> {
  if (broker === 'cluster') return;
  const ids = await brokerIds(connector);
  if (!ids.includes(broker)) throw new NotFoundError(`Kafka connection "${connector.config.id}" has no broker ${broker} (brokers: ${ids.join(', ')})`);
}

/** The existence check of the broker config pages: the connection and the broker, without reading the configs. */
export async function assertBrokerScope(id: string, broker: number | 'cluster'): Promise<void> {
  await assertScope(getConnectorOf(id, 'kafka'), broker);
}

async function describe(connector: KafkaConnector, node: number | null, resourceName: string): Promise<Described[]> {
  const subject = resourceName === CLUSTER ? 'Cluster-wide broker configs' : `Configs of broker ${resourceName}`;
  const res = await connector
    .run(`describe broker configs`, () => connector.send(node, DESCRIBE, [{ resourceType: ConfigResourceTypes.BROKER, resourceName }], true, true))
    .catch((e: unknown) => {
      throw toApiError(e, subject);
    });
  return res.results[0]?.configs ?? [];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** A broker's configs with their source, what each falls back to, and whether it can be changed without a restart. */
export async function getBrokerConfigs(id: string, broker: number | 'cluster'): Promise<BrokerConfigs> {
  const connector = getConnectorOf(id, 'kafka');
  await assertScope(connector, broker);
  return readConfigs(connector, broker);
}

/** The configs of a scope known to exist. */
async function readConfigs(connector: KafkaConnector, broker: number | 'cluster'): Promise<BrokerConfigs> {
  if (broker === 'cluster') {
    // Describing "" lists only the defaults that are set; the keys, types and lower levels come from one broker.
    const reference = (await brokerIds(connector))[0] ?? null;
    const [defaults, keys] = await Promise.all([describe(connector, null, CLUSTER), reference === null ? [] : describe(connector, reference, String(reference))]);
    const set = new Map(defaults.map((d) => [d.name, d]));
    const configs = keys.filter((c) => !c.readOnly || set.has(c.name)).map((c) => toEntry(c, 'cluster-default', set.get(c.name)));
    // A default set for a key the reference broker does not list (another broker version, a typo kept by Kafka).
    for (const d of defaults) if (!keys.some((k) => k.name === d.name)) configs.push(toEntry(d, 'cluster-default', d));
    return { broker: null, referenceBroker: reference, configs: configs.sort(byName) };
  }
  const configs = (await describe(connector, broker, String(broker))).map((c) => toEntry(c, 'broker')).sort(byName);
  return { broker, referenceBroker: null, configs };
}

/**
 * Sets and resets only the named keys of one broker or of the cluster-wide defaults (IncrementalAlterConfigs).
 * Kafka validates: a key that is not dynamic, or a bad value, is its refusal as a 400 naming the key.
 */
export async function alterBrokerConfigs(id: string, broker: number | 'cluster', input: AlterBrokerConfigsInput): Promise<BrokerConfigs> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const { set, reset } = alterBrokerConfigsSchema.parse(input);
  const both = reset.filter((name) => name in set);
  if (both.length) throw new BadRequestError(`Set and reset at once: ${both.join(', ')}`);
  const configs = configOps(set, reset);
  await assertScope(connector, broker);
  const resourceName = broker === 'cluster' ? CLUSTER : String(broker);
  const subject = broker === 'cluster' ? 'Could not change the cluster-wide broker configs' : `Could not change the configs of broker ${broker}`;
  // The library rejects an answer holding any error code (a ResponseError): the broker's refusal arrives here.
  await connector
    .run('alter broker configs', () => connector.send(broker === 'cluster' ? null : broker, ALTER, [{ resourceType: ConfigResourceTypes.BROKER, resourceName, configs }], false))
    .catch((e: unknown) => {
      throw toApiError(e, subject);
    });
  return readBack(connector, broker, set, reset);
}

const APPLY_WAIT_MS = 3_000;

/**
 * The configs once the change shows: the controller accepts it, then each broker applies it from the metadata log,
 * so a describe right after the answer can still show the old value. Waits a little for it, then answers with what
 * the broker shows.
 */
async function readBack(connector: KafkaConnector, broker: number | 'cluster', set: Record<string, string>, reset: string[]): Promise<BrokerConfigs> {
  const deadline = Date.now() + APPLY_WAIT_MS;
  for (;;) {
    const now = await readConfigs(connector, broker);
    const byKey = new Map(now.configs.map((c) => [c.name, c]));
    const applied =
      Object.entries(set).every(([name, value]) => {
        const e = byKey.get(name);
        return !e || (e.setHere && (e.sensitive || e.value === value));
      }) && reset.every((name) => !byKey.get(name)?.setHere);
    if (applied || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
}
