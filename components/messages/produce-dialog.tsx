'use client';
import { useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ui/error-notice';
import type { FieldInput, ProduceResult, TopicSchemasResult } from '@/lib/contracts/kafka-messages';
import { useProduceMutation } from '@/lib/query/kafka-messages';
import { useSchemaCheckQuery, useTopicSchemasQuery } from '@/lib/query/topic-schemas';
import { Dialog } from '@/components/ui/dialog';
import { btn, btnPrimary, input, label } from '@/components/ui/styles';

/** schema: JSON encoded with the topic's configured schema for that field (Avro, Protobuf, JSON Schema). */
type Encoding = 'text' | 'json' | 'base64' | 'null' | 'schema';

/** Checks the value as the user types, the way the server will. */
export function checkValue(encoding: Encoding, data: string): string | null {
  if (encoding === 'json' || encoding === 'schema') {
    try {
      JSON.parse(data);
    } catch (e) {
      return `Not valid JSON: ${e instanceof Error ? e.message : 'parse error'}`;
    }
  }
  if (encoding === 'base64' && (!/^[A-Za-z0-9+/]*={0,2}$/.test(data.replace(/\s+/g, '')) || data.replace(/\s+/g, '').length % 4 !== 0)) return 'Not valid base64';
  return null;
}

const toInput = (encoding: Encoding, data: string): FieldInput => (encoding === 'null' ? { encoding: 'null' } : { encoding, data });

const schemaLabel = (s: NonNullable<TopicSchemasResult['value']>) => `${s.format}${s.name ? ` ${s.name}` : ''}${s.id === null ? '' : ` (id ${s.id})`}`;

/** The text as it was a moment ago: the schema check asks the server once typing pauses, not on every key. */
function useSettled(text: string, ms = 300): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const t = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(t);
  }, [text, ms]);
  return settled;
}

/** The local check, then (schema encoding) the server's check against the topic's schema. */
function useFieldError(conn: string, topic: string, side: 'key' | 'value', encoding: Encoding, data: string): string | null {
  const local = encoding === 'null' ? null : checkValue(encoding, data);
  const settled = useSettled(data);
  const check = useSchemaCheckQuery(conn, topic, side, settled, encoding === 'schema' && local === null);
  if (local || encoding !== 'schema') return local;
  if (check.error) return `Could not check against the schema: ${check.error.message}`;
  const errors = settled === data ? check.data?.errors : undefined;
  return errors?.length ? `Does not match the schema: ${errors.join('; ')}` : null;
}

export function ProduceDialog({ conn, topic, partitionCount, onClose }: { conn: string; topic: string; partitionCount: number; onClose: () => void }) {
  const produce = useProduceMutation(conn, topic);
  const schemas = useTopicSchemasQuery(conn, topic).data;
  const [keyEnc, setKeyEnc] = useState<Encoding>('text');
  const [key, setKey] = useState('');
  const [valueEnc, setValueEnc] = useState<Encoding>('json');
  const [value, setValue] = useState('{}');
  const [headers, setHeaders] = useState('');
  const [partition, setPartition] = useState('');
  const [timestamp, setTimestamp] = useState('');
  const [last, setLast] = useState<ProduceResult | null>(null);
  // A topic with a value schema is produced with it unless the user picks otherwise.
  const [schemaDefaulted, setSchemaDefaulted] = useState(false);
  if (!schemaDefaulted && schemas) {
    setSchemaDefaulted(true);
    if (schemas.value) setValueEnc('schema');
    if (schemas.key) setKeyEnc('schema');
  }
  const valueError = useFieldError(conn, topic, 'value', valueEnc, value);
  const keyError = useFieldError(conn, topic, 'key', keyEnc, key);
  const headerList = headers
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const eq = l.indexOf('=');
      return { key: eq > 0 ? l.slice(0, eq) : l, value: { encoding: 'text' as const, data: eq > 0 ? l.slice(eq + 1) : '' } };
    });
  const encodings = (value: Encoding, set: (e: Encoding) => void, name: string, schema: TopicSchemasResult['value'] | undefined) => (
    <select aria-label={`${name} encoding`} className={input} value={value} onChange={(e) => set(e.target.value as Encoding)}>
      {schema && <option value="schema">{schemaLabel(schema)}</option>}
      <option value="text">text</option>
      <option value="json">JSON</option>
      <option value="base64">base64</option>
      <option value="null">null</option>
    </select>
  );
  return (
    <Dialog title={`Produce to ${topic}`} onClose={onClose}>
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          produce.mutate(
            {
              key: toInput(keyEnc, key),
              value: toInput(valueEnc, value),
              headers: headerList,
              partition: partition === '' ? null : Number(partition),
              timestamp: timestamp === '' ? null : new Date(timestamp).getTime(),
            },
            { onSuccess: setLast },
          );
        }}
      >
        <div className={label}>
          Key
          <div className="flex gap-2">
            {encodings(keyEnc, setKeyEnc, 'Key', schemas?.key)}
            <input aria-label="Key" className={`${input} flex-1 font-mono`} value={key} onChange={(e) => setKey(e.target.value)} disabled={keyEnc === 'null'} />
          </div>
          {keyError && <span className="text-red-600">{keyError}</span>}
        </div>
        <div className={label}>
          Value
          <div className="flex gap-2">{encodings(valueEnc, setValueEnc, 'Value', schemas?.value)}</div>
          <textarea aria-label="Value" className={`${input} h-32 font-mono`} value={value} onChange={(e) => setValue(e.target.value)} disabled={valueEnc === 'null'} />
          {valueError && <span className="text-red-600">{valueError}</span>}
        </div>
        <label className={label}>
          Headers (one key=value per line)
          <textarea aria-label="Headers" className={`${input} h-16 font-mono`} value={headers} onChange={(e) => setHeaders(e.target.value)} />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className={label}>
            Partition
            <select aria-label="Partition" className={input} value={partition} onChange={(e) => setPartition(e.target.value)}>
              <option value="">auto (partitioner)</option>
              {Array.from({ length: partitionCount }, (_, i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
          </label>
          <label className={label}>
            Timestamp (optional, local)
            <input aria-label="Message timestamp" className={input} type="datetime-local" step={0.001} value={timestamp} onChange={(e) => setTimestamp(e.target.value)} />
          </label>
        </div>
        {produce.error && <ErrorNotice error={produce.error} title="Not produced" />}
        {last && (
          <p role="status" data-testid="produce-result" className="text-sm text-emerald-700 dark:text-emerald-400">
            Written to partition {last.partition} at offset {last.offset}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={btn} onClick={onClose}>
            Close
          </button>
          <button type="submit" className={btnPrimary} disabled={produce.isPending || !!valueError || !!keyError}>
            {produce.isPending ? 'Producing…' : 'Produce'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
