import type { KafkaField } from '@/lib/contracts/kafka-messages';
import type { DecodedField } from '@/lib/contracts/messages';
import { formatBytes } from '@/lib/format';

/** A field as the Kafka routes send it may say which schema decoded it, or why its schema did not fit. */
type Field = DecodedField & Partial<Pick<KafkaField, 'schema' | 'schemaError'>>;

const badge: Record<DecodedField['encoding'], string> = {
  null: 'bg-slate-100 text-slate-500 dark:bg-slate-800',
  json: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300',
  text: 'bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-300',
  binary: 'bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300',
};

export function EncodingBadge({ field }: { field: DecodedField }) {
  return <span className={`rounded px-1 text-[10px] font-medium uppercase ${badge[field.encoding]}`}>{field.encoding === 'binary' ? 'hex' : field.encoding}</span>;
}

/** One line of a key or value for the list. Rendered as text: markup in messages never runs. */
export function FieldPreview({ field, nullLabel }: { field: DecodedField; nullLabel: string }) {
  if (field.encoding === 'null') return <span className="italic text-slate-400">{nullLabel}</span>;
  const line = (field.display ?? '').replace(/\s+/g, ' ').slice(0, 300);
  return <span className="font-mono">{line}</span>;
}

function SchemaBadge({ schema }: { schema: NonNullable<Field['schema']> }) {
  const parts = [schema.format, schema.id === null ? 'no header' : `id ${schema.id}`, schema.name].filter(Boolean);
  return (
    <span data-testid="schema-badge" className="rounded bg-violet-100 px-1 text-[10px] font-medium normal-case text-violet-800 dark:bg-violet-900/50 dark:text-violet-300">
      {parts.join(' · ')}
    </span>
  );
}

const hexOf = (base64: string) =>
  Array.from(atob(base64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');

/** The whole (or preview) of a field in the detail panel; a schema-decoded one keeps its bytes one click away. */
export function FieldBlock({ title, field, nullLabel }: { title: string; field: Field; nullLabel: string }) {
  return (
    <section>
      <h3 className="mb-1 flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-slate-500">
        {title} <EncodingBadge field={field} /> {field.schema && <SchemaBadge schema={field.schema} />}
        <span className="normal-case">{formatBytes(field.size)}</span>
        {field.truncated && <span className="normal-case text-amber-600">truncated</span>}
      </h3>
      {field.schemaError && (
        <p role="status" data-testid={`schema-error-${title.toLowerCase()}`} className="mb-1 text-xs text-amber-700 dark:text-amber-400">
          Does not match its schema: {field.schemaError}
        </p>
      )}
      {field.encoding === 'null' ? (
        <p className="text-sm italic text-slate-400">{nullLabel}</p>
      ) : (
        <pre data-testid={`detail-${title.toLowerCase()}`} className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
          {field.display}
        </pre>
      )}
      {field.schema && field.base64 !== null && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-500">Raw bytes</summary>
          <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono dark:bg-slate-950">{hexOf(field.base64)}</pre>
        </details>
      )}
    </section>
  );
}
