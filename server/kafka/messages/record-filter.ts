import 'server-only';
import { maskFilterContext, type MaskPlan } from '../../auth/masking';
import type { CompiledFilter } from '../../filters/cel';
import { filterHeaders } from '../../messages/decode';
import { schemaFilterValue } from '../../messages/schemas/field';
import type { TopicSchemas } from '../../messages/schemas/source';
import type { RecordView, ValueScreen } from './record-batch';
import { filterContext, recordSize, type ReadRecord } from './to-message';

const BACKSLASH = 0x5c;
const UNSET = Symbol('unset');

/**
 * filterContext's variables, each computed when the expression first reads it: most filters read one or two, and
 * parsing the value or decoding headers nobody asked for was most of a scan's cost. One per scan, pointed at each
 * record in turn (evaluation is synchronous and keeps no reference to it).
 */
class LazyFilterContext {
  private r: ReadRecord | null = null;
  private cachedKey: unknown = UNSET;
  private cachedValue: unknown = UNSET;
  private cachedHeaders: unknown = UNSET;

  constructor(private readonly schemas: TopicSchemas | null) {}

  reset(r: ReadRecord): this {
    this.r = r;
    this.cachedKey = UNSET;
    this.cachedValue = UNSET;
    this.cachedHeaders = UNSET;
    return this;
  }
  private get record(): ReadRecord {
    if (!this.r) throw new Error('LazyFilterContext read before reset');
    return this.r;
  }
  get key(): unknown {
    if (this.cachedKey === UNSET) this.cachedKey = schemaFilterValue(this.record.raw.key, 'key', this.schemas);
    return this.cachedKey;
  }
  get value(): unknown {
    if (this.cachedValue === UNSET) this.cachedValue = schemaFilterValue(this.record.raw.value, 'value', this.schemas);
    return this.cachedValue;
  }
  get headers(): unknown {
    if (this.cachedHeaders === UNSET) this.cachedHeaders = filterHeaders(this.record.raw.headers);
    return this.cachedHeaders;
  }
  get partition(): bigint {
    return BigInt(this.record.partition);
  }
  get offset(): bigint {
    return BigInt(this.record.offset);
  }
  get timestamp(): bigint {
    return BigInt(this.record.timestamp);
  }
  get size(): bigint {
    return BigInt(recordSize(this.record.raw));
  }
}

export type RecordMatcher = {
  /** Give this to the scan's visit (fetchVisit), so that `screenedOut` on the records it visits means no match. */
  screen: ValueScreen | null;
  /** `filter.matches(maskFilterContext(filterContext(r), masking))`, only cheaper. */
  matches(r: RecordView): boolean;
};

/**
 * Matches records against the filter. A value the filter needs to hold certain strings (CompiledFilter.valueMustHold)
 * is first searched for them as bytes: in a value without a backslash, a JSON string is its bytes between quotes, so
 * a value lacking `"error"` cannot have a field equal to "error", whatever else it is (text, binary, other JSON).
 * With masking the filter sees masked values, which the bytes do not show: then every record is evaluated in full.
 * So too with schemas (`topicSchemas`): an Avro or Protobuf string is not its JSON between quotes.
 */
export function recordMatcher(filter: CompiledFilter, masking: MaskPlan | null, schemas: TopicSchemas | null = null): RecordMatcher {
  if (masking) return { screen: null, matches: (r) => filter.matches(maskFilterContext(filterContext(r, schemas), masking)) };
  const context = new LazyFilterContext(schemas);
  const needles = schemas ? [] : (filter.valueMustHold ?? []).map((s) => Buffer.from(JSON.stringify(s), 'utf8'));
  return {
    screen: needles.length ? { needles, unless: BACKSLASH } : null,
    matches: (r) => !r.screenedOut && filter.matches(context.reset(r) as unknown as Record<string, unknown>),
  };
}
