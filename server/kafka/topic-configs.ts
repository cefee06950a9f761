import 'server-only';
import { ConfigResourceTypes } from '@platformatic/kafka';
import type { AlterTopicConfigsInput, TopicConfigEntry, TopicConfigs } from '@/lib/contracts/kafka';
import { alterTopicConfigsSchema } from '@/lib/contracts/kafka';
import { getConnectorOf } from '../connections/registry';
import { assertWritable, toApiError } from './admin-errors';
import { configOps } from './config-ops';
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
    .call('describe topic configs', (a) => a.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic }], includeSynonyms: false }))
    .catch((e: unknown) => {
      throw toApiError(e, `Topic "${topic}"`);
    });
  const entries = res[0]?.configs ?? [];
  const configs = entries
    .map((e): TopicConfigEntry => {
      const source = SOURCES[e.configSource] ?? 'other';
      return {
        name: e.name,
        // Sensitive values never leave the server, whatever the broker returned.
        value: e.isSensitive ? null : (e.value ?? null),
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
  const configs = configOps(set, reset);
  // Only the named keys change (plain AlterConfigs would reset every key not sent back, racing any other writer).
  await connector
    .call('alter topic configs', (a) => a.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configs }] }))
    .catch((e: unknown) => {
      throw toApiError(e, `Could not change the configs of "${topic}"`);
    });
  await refreshAfterChange(id);
  return getTopicConfigs(id, topic);
}
