import 'server-only';
import { ConfigResourceTypes } from 'kafkajs';
import type { AlterTopicConfigsInput, TopicConfigEntry, TopicConfigs } from '@/lib/contracts/kafka';
import { alterTopicConfigsSchema } from '@/lib/contracts/kafka';
import { getConnectorOf } from '../connections/registry';
import { BadRequestError } from '../http/errors';
import { assertWritable, errorForCode, toApiError } from './admin-errors';
import { incrementalAlterTopicConfigsRequest, type ConfigChange } from './protocol/incremental-alter-configs';
import { anyBroker, withCluster } from './raw-cluster';
import { refreshAfterChange } from './snapshot';

/** DescribeConfigs ConfigSource values (KIP-226). */
const SOURCES: Record<number, TopicConfigEntry['source']> = {
  1: 'topic',
  2: 'broker',
  3: 'default-broker',
  4: 'static-broker',
  5: 'default',
};

export async function getTopicConfigs(id: string, topic: string): Promise<TopicConfigs> {
  const connector = getConnectorOf(id, 'kafka');
  const res = await connector
    .call('describe topic configs', (a) => a.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false }))
    .catch((e: unknown) => {
      throw toApiError(e, `Topic "${topic}"`);
    });
  const entries = res.resources[0]?.configEntries ?? [];
  const configs = entries
    .map((e): TopicConfigEntry => {
      const source = SOURCES[(e as { configSource?: number }).configSource ?? -1] ?? 'other';
      return {
        name: e.configName,
        // Sensitive values never leave the server, whatever the broker returned.
        value: e.isSensitive ? null : e.configValue,
        isDefault: source !== 'topic',
        source,
        sensitive: e.isSensitive,
        readOnly: e.readOnly,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { topic, configs };
}

/** Sets and resets only the named keys (IncrementalAlterConfigs); the broker validates and its refusal is returned as 400. */
export async function alterTopicConfigs(id: string, topic: string, input: AlterTopicConfigsInput): Promise<TopicConfigs> {
  const connector = getConnectorOf(id, 'kafka');
  assertWritable(connector);
  const { set, reset } = alterTopicConfigsSchema.parse(input);
  const changes: ConfigChange[] = [
    ...Object.entries(set).map(([name, value]): ConfigChange => ({ name, op: 'set', value })),
    ...reset.map((name): ConfigChange => ({ name, op: 'delete', value: null })),
  ];
  if (changes.length === 0) throw new BadRequestError('Nothing to change: give configs to set or reset');
  const results = await withCluster(connector, 'alter topic configs', (cluster) =>
    anyBroker(cluster).then((broker) => broker.connectionPool.send(incrementalAlterTopicConfigsRequest(topic, changes, false))),
  );
  const failed = results.find((r) => r.errorCode !== 0);
  if (failed) throw errorForCode(failed.errorCode, failed.errorMessage, `Could not change the configs of "${topic}"`);
  await refreshAfterChange(id);
  return getTopicConfigs(id, topic);
}
