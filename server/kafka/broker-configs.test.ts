import { describe, expect, it } from 'vitest';
import { plainText, toEntry } from './broker-configs';

type Described = Parameters<typeof toEntry>[0];
const syn = (value: string | null, source: number) => ({ name: 'k', value, source: source as Described['configSource'] });
const config = (over: Partial<Described>): Described => ({
  name: 'k',
  value: '1',
  readOnly: false,
  configSource: 5,
  isSensitive: false,
  synonyms: [syn('1', 5)],
  configType: 5,
  documentation: null,
  ...over,
});

describe('broker config entries', () => {
  it('on a broker: its own override, falling back to the cluster default below it', () => {
    const c = config({ value: '3', configSource: 2, synonyms: [syn('3', 2), syn('2', 3), syn('1', 5)] });
    expect(toEntry(c, 'broker')).toMatchObject({ value: '3', source: 'broker', setHere: true, fallback: { value: '2', source: 'cluster-default' }, type: 'long' });
    expect(toEntry(config({ synonyms: [syn('2', 3), syn('1', 5)], configSource: 3 }), 'broker')).toMatchObject({ value: '2', source: 'cluster-default', setHere: false, fallback: null });
  });

  it("cluster-wide: the default set for the key in place of the reference broker's own override", () => {
    const broker = config({ value: '3', configSource: 2, synonyms: [syn('3', 2), syn('2', 3), syn('0', 4), syn('1', 5)] });
    const clusterDefault = config({ value: '2', configSource: 3, synonyms: [syn('2', 3)] });
    expect(toEntry(broker, 'cluster-default', clusterDefault)).toMatchObject({ value: '2', source: 'cluster-default', setHere: true, fallback: { value: '0', source: 'static' } });
    // Not set cluster-wide: the value below (server.properties here), never broker 3's override.
    expect(toEntry(broker, 'cluster-default')).toMatchObject({ value: '0', source: 'static', setHere: false, fallback: null });
  });

  it('never carries a sensitive value, at any level', () => {
    const c = config({ isSensitive: true, value: 'secret', configSource: 2, synonyms: [syn('secret', 2), syn('older', 4)], configType: 9 });
    expect(toEntry(c, 'broker')).toMatchObject({ value: null, fallback: { value: null, source: 'static' }, sensitive: true, type: 'password' });
  });

  it("turns Kafka's HTML documentation into plain text", () => {
    expect(plainText('Set <code>acks</code> to "all" &amp; more,<br> if x &lt; 3.\n  Done')).toBe('Set acks to "all" & more, if x < 3. Done');
    expect(plainText(null)).toBeNull();
    expect(plainText('<p></p>')).toBeNull();
  });
});
