import { describe, expect, it } from 'vitest';
import { brokerRelease, metadataVersionName } from './broker-release';

const features = (supported: number, finalized?: number) => ({
  supportedFeatures: [{ name: 'metadata.version', minVersion: 7, maxVersion: supported }],
  finalizedFeatures: finalized === undefined ? [] : [{ name: 'metadata.version', minVersionLevel: finalized, maxVersionLevel: finalized }],
});

describe('brokerRelease', () => {
  it('names the release line from the newest metadata.version the broker supports', () => {
    expect(brokerRelease(features(33, 33))).toBe('4.4');
    expect(brokerRelease(features(21, 21))).toBe('3.9');
    expect(brokerRelease(features(27, 26))).toBe('4.1');
  });
  it('shows the finalized metadata.version when the cluster runs at an older release', () => {
    expect(brokerRelease(features(33, 21))).toBe('4.4 (metadata.version 3.9-IV0)');
  });
  it('is null without metadata.version (ZooKeeper or pre-3.3 brokers) and says "newer" past the table', () => {
    expect(brokerRelease({ supportedFeatures: [], finalizedFeatures: [] })).toBeNull();
    expect(brokerRelease(features(40))).toBe('newer than 4.5');
    expect(metadataVersionName(22)).toBe('4.0-IV0');
  });
});
