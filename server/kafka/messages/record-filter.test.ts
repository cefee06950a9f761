import { describe, expect, it } from 'vitest';
import { maskPlan } from '../../auth/masking';
import { compileFilter, KAFKA_FILTER_VARIABLES } from '../../filters/cel';
import { visitRecordSet } from './record-batch';
import { recordMatcher } from './record-filter';
import { batch } from './test-batches';
import { filterContext } from './to-message';

const VALUES: (string | Buffer | null)[] = [
  '{"level":"error","user":"ana","n":1}',
  '{"user":"ana","level":"error"}',
  '{"level":"info","user":"ana"}',
  '{"level":"error","user":"bo"}',
  '{"level":"\\u0065rror","user":"\\u0061na"}',
  '{"level":"error ","user":"ana"}',
  '{"a":{"level":"error"},"level":"x","user":"ana"}',
  '  {"level":"error","user":"ana"}',
  '\ufeff{"level":"error","user":"ana"}',
  '{"level":"error","user":"ana","del":"\u007f"}',
  '["error","ana"]',
  '{"tags":["t2","error"],"level":"error","user":"ana"}',
  'level error user ana',
  '"error"',
  '{"level":"error","user":"ana"',
  Buffer.from([0xff, 0xfe, 0x22, 0x65]),
  null,
  '',
];

const EXPRESSIONS = [
  'value.level == "error" && value.user == "ana"',
  'value.level == "error"',
  '"ana" == value.user && offset >= 0',
  'value.tags[1] == "error" && value.user == "ana"',
  'value[0] == "error"',
  'value.level == "error" || key == "k3"',
  'value.n == 1',
  'size > 30 && value.user == "ana"',
  'headers.h == "v" && value.level == "error"',
];

function views(): Buffer {
  return batch(
    0,
    VALUES.map((v, i) => ({ key: Buffer.from(`k${i}`), value: v === null ? null : Buffer.from(v), headers: i % 2 ? [['h', 'v']] : [], timestampDelta: i })),
  );
}

describe('recordMatcher', () => {
  it('matches exactly the records filter.matches(filterContext(r)) does, screen or not', async () => {
    const buf = views();
    for (const expression of EXPRESSIONS) {
      const filter = compileFilter(expression, KAFKA_FILTER_VARIABLES);
      const matcher = recordMatcher(filter, null);
      const fast: number[] = [];
      const full: number[] = [];
      visitRecordSet(
        buf,
        0,
        0,
        (r) => {
          if (matcher.matches(r)) fast.push(r.offset);
          if (filter.matches(filterContext(r.toRecord()))) full.push(r.offset);
          return true;
        },
        matcher.screen,
      );
      expect({ expression, offsets: fast }).toEqual({ expression, offsets: full });
      expect(full.length).toBeGreaterThan(0);
      // Escaped ("\u0065rror"), after a byte order mark or leading spaces: still matches, though the bytes differ.
      if (expression === EXPRESSIONS[0]) expect(fast).toEqual([0, 1, 4, 7, 8, 11]);
    }
  });

  it('screens with the strings the filter needs, and not at all under masking', () => {
    const filter = compileFilter('value.level == "error" && value.user == "ana"', KAFKA_FILTER_VARIABLES);
    expect(recordMatcher(filter, null).screen?.needles.map(String)).toEqual(['"error"', '"ana"']);
    expect(recordMatcher(compileFilter('value.n > 1', KAFKA_FILTER_VARIABLES), null).screen).toBeNull();
    const plan = maskPlan('orders', [{ resource: 'orders', fields: ['user'], headers: [] }]);
    expect(plan).not.toBeNull();
    expect(recordMatcher(filter, plan).screen).toBeNull();
  });
});
