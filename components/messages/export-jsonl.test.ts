import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '@/lib/contracts/kafka-messages';
import { toJsonLines, withFullValues } from './export-jsonl';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const text = (s: string, truncated = false) => ({ encoding: 'text' as const, display: s, base64: truncated ? null : b64(s), size: truncated ? 20_000 : s.length, truncated });
const msg = (offset: number, value = text(`v${offset}`)): KafkaMessage => ({
  partition: 0,
  offset,
  timestamp: 1,
  timestampType: 'create',
  key: text(`k${offset}`),
  value,
  headers: [],
  size: 10,
});

describe('withFullValues', () => {
  it('fetches only the truncated messages, keeps the order, and keeps a vanished one marked as truncated', async () => {
    const big = 'x'.repeat(20_000);
    const shown = [msg(1), msg(2, text('xxxx…', true)), msg(3), msg(4, text('yyyy…', true))];
    const asked: number[] = [];
    const whole = await withFullValues(shown, async (m) => {
      asked.push(m.offset);
      return m.offset === 2 ? msg(2, text(big)) : null;
    });
    expect(asked.sort()).toEqual([2, 4]);
    expect(whole.map((m) => m.offset)).toEqual([1, 2, 3, 4]);
    const lines = toJsonLines(whole).split('\n').map((l) => JSON.parse(l));
    expect(lines[1].value).toEqual({ text: big });
    expect(lines[3].value).toEqual({ truncated: true, display: 'yyyy…', size: 20_000 });
    expect(lines[0].value).toEqual({ text: 'v1' });
  });
});

describe('toJsonLines', () => {
  it('keeps the transaction state of messages read uncommitted, and adds none to committed reads', () => {
    const lines = toJsonLines([msg(1), { ...msg(2), transaction: 'aborted' }, { ...msg(3), transaction: null }])
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.transaction)).toEqual([undefined, 'aborted', null]);
    expect('transaction' in lines[0]).toBe(false);
  });
});
