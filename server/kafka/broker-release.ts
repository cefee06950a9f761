import 'server-only';
import type { apiVersionsV3 } from '@platformatic/kafka';

type ApiVersionsResponse = Awaited<ReturnType<typeof apiVersionsV3.api.async>>;

/**
 * Feature levels of metadata.version (KIP-778) and the release that introduced each, from Kafka 4.4.0's
 * MetadataVersion enum. A KRaft broker reports the newest level its software supports in ApiVersions (v3+), which
 * names its release line; the finalized level is what the cluster runs at, older until the upgrade is finalized.
 */
const METADATA_VERSIONS: [level: number, name: string][] = [
  [7, '3.3-IV3'], [8, '3.4-IV0'], [9, '3.5-IV0'], [10, '3.5-IV1'], [11, '3.5-IV2'], [12, '3.6-IV0'], [13, '3.6-IV1'],
  [14, '3.6-IV2'], [15, '3.7-IV0'], [16, '3.7-IV1'], [17, '3.7-IV2'], [18, '3.7-IV3'], [19, '3.7-IV4'], [20, '3.8-IV0'],
  [21, '3.9-IV0'], [22, '4.0-IV0'], [23, '4.0-IV1'], [24, '4.0-IV2'], [25, '4.0-IV3'], [26, '4.1-IV0'], [27, '4.1-IV1'],
  [28, '4.2-IV0'], [29, '4.2-IV1'], [30, '4.3-IV0'], [31, '4.4-IV0'], [32, '4.4-IV1'], [33, '4.4-IV2'], [34, '4.5-IV0'],
];

export function metadataVersionName(level: number): string | null {
  return METADATA_VERSIONS.find(([l]) => l === level)?.[1] ?? null;
}

/**
 * The broker's release line ("4.4") from what it supports, with the cluster's finalized metadata.version when that
 * is older ("4.4 (metadata.version 3.9-IV0)"). Kafka does not send its patch release over the protocol, so a 3.9.1
 * broker reads "3.9". Null for a broker without metadata.version (ZooKeeper mode, Kafka before 3.3).
 */
export function brokerRelease(r: Pick<ApiVersionsResponse, 'supportedFeatures' | 'finalizedFeatures'>): string | null {
  const supported = r.supportedFeatures?.find((f) => f.name === 'metadata.version')?.maxVersion;
  if (supported === undefined) return null;
  const newest = metadataVersionName(supported) ?? (supported > METADATA_VERSIONS[METADATA_VERSIONS.length - 1][0] ? `newer than ${METADATA_VERSIONS[METADATA_VERSIONS.length - 1][1]}` : null);
  if (!newest) return null;
  const release = newest.replace(/-IV\d+$/, '');
  const finalized = r.finalizedFeatures?.find((f) => f.name === 'metadata.version')?.maxVersionLevel;
  if (finalized === undefined || finalized >= supported) return release;
  const running = metadataVersionName(finalized);
  return running && running.replace(/-IV\d+$/, '') !== release ? `${release} (metadata.version ${running})` : release;
}
