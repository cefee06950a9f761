import type { DecodedField } from '@/lib/contracts/messages';
import { formatBytes } from '@/lib/format';

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

/** The whole (or preview) of a field in the detail panel. */
export function FieldBlock({ title, field, nullLabel }: { title: string; field: DecodedField; nullLabel: string }) {
  return (
    <section>
      <h3 className="mb-1 flex items-center gap-2 text-xs font-medium uppercase tracking-wide text-slate-500">
        {title} <EncodingBadge field={field} /> <span className="normal-case">{formatBytes(field.size)}</span>
        {field.truncated && <span className="normal-case text-amber-600">truncated</span>}
      </h3>
      {field.encoding === 'null' ? (
        <p className="text-sm italic text-slate-400">{nullLabel}</p>
      ) : (
        <pre data-testid={`detail-${title.toLowerCase()}`} className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
          {field.display}
        </pre>
      )}
    </section>
  );
}
