import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { toJsonLines } from './export-jsonl';
import { kcatCommand, kcatCommands, kcatReadCommand, shellQuote } from './kcat-command';

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const text = (s: string) => ({ encoding: 'text' as const, display: s, base64: b64(s), size: s.length, truncated: false });
const msg = (over: Partial<KafkaMessage>): KafkaMessage => ({
  partition: 2,
  offset: 7,
  timestamp: 1,
  timestampType: 'create',
  key: text("it's"),
  value: text('line1\nline2 $HOME'),
  headers: [{ key: 'h', value: text('v') }],
  size: 10,
  ...over,
});

describe('kcatCommand', () => {
  it('quotes everything for the shell and sends the value as one message via a file', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(kcatCommand('127.0.0.1:9092', 'orders', msg({}))).toBe(
      `printf '%s' 'line1\nline2 $HOME' > /tmp/wharf-message.bin && kcat -b '127.0.0.1:9092' -P -t 'orders' -p 2 -k 'it'\\''s' -H 'h=v' /tmp/wharf-message.bin`,
    );
  });
  it('keeps tombstones and binary values, and gives up on truncated values', () => {
    const tomb = kcatCommand('b:1', 't', msg({ value: { encoding: 'null', display: null, base64: null, size: 0, truncated: false } }));
    expect(tomb).toMatch(/^: > \/tmp\/wharf-message.bin && .* -Z \/tmp\/wharf-message.bin$/);
    const bin = kcatCommand('b:1', 't', msg({ value: { encoding: 'binary', display: 'ff 00', base64: b64(new Uint8Array([255, 0])), size: 2, truncated: false } }));
    expect(bin).toMatch(/printf '%s' '\/wA=' \| base64 -d >/);
    expect(kcatCommand('b:1', 't', msg({ value: { encoding: 'text', display: 'x', base64: null, size: 99999, truncated: true } }))).toBeNull();
  });
});

describe('kcatReadCommand', () => {
  it('reads exactly this message in consume mode: its partition and offset, one message, then exits', () => {
    const read = kcatReadCommand('127.0.0.1:9092', "it's", msg({}));
    expect(read).toBe(
      `kcat -b '127.0.0.1:9092' -C -t 'it'\\''s' -p 2 -o 7 -c 1 -e -q -f 'Partition %p, offset %o, timestamp %T\\nKey: %k\\nHeaders: %h\\nValue: %s\\n'`,
    );
    expect(read).not.toMatch(/ -P /);
  });
  it('prints a binary value as base64 and works whatever the value (truncated included)', () => {
    const bin = kcatReadCommand('b:1', 't', msg({ value: { encoding: 'binary', display: 'ff', base64: 'AA==', size: 1, truncated: true } }));
    expect(bin).toBe(`kcat -b 'b:1' -C -t 't' -p 2 -o 7 -c 1 -e -q -f '%s' | base64`);
  });
  it('offers both commands; only the copy needs the whole message', () => {
    const truncated = msg({ value: { encoding: 'text', display: 'x', base64: null, size: 99999, truncated: true } });
    expect(kcatCommands('b:1', 't', truncated)).toEqual({ read: kcatReadCommand('b:1', 't', truncated), produceCopy: null });
    expect(kcatCommands('b:1', 't', msg({})).produceCopy).toMatch(/ -P -t 't' -p 2 /);
  });
});

describe('toJsonLines', () => {
  it('writes text as text, binary as base64 and null as null, one message per line', () => {
    const out = toJsonLines([
      msg({ key: { encoding: 'null', display: null, base64: null, size: 0, truncated: false } }),
      msg({ offset: 8, value: { encoding: 'binary', display: 'ff', base64: b64(new Uint8Array([255])), size: 1, truncated: false } }),
    ]).split('\n');
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[0])).toMatchObject({ offset: 7, key: null, value: { text: 'line1\nline2 $HOME' }, headers: [{ key: 'h', value: { text: 'v' } }] });
    expect(JSON.parse(out[1]).value).toEqual({ base64: '/w==' });
  });
});
