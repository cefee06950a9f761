'use client';
import type { DefinitionKind, DefinitionsPreview, ItemStatus, KindPreview } from '@/lib/contracts/rabbitmq-definitions';
import { formatCount } from '@/lib/format';
import { tableClass, tdClass, thClass } from './styles';

export const KIND_LABELS: Record<DefinitionKind, string> = {
  users: 'Users',
  vhosts: 'Vhosts',
  permissions: 'Permissions',
  topic_permissions: 'Topic permissions',
  parameters: 'Parameters',
  global_parameters: 'Global parameters',
  policies: 'Policies',
  queues: 'Queues',
  exchanges: 'Exchanges',
  bindings: 'Bindings',
};

const STATUS_LABELS: Record<ItemStatus, string> = { added: 'added', changed: 'changed', conflict: 'conflict', skipped: 'skipped', fails: 'will fail', unchanged: 'unchanged' };

const STATUS_CLASS: Record<ItemStatus, string> = {
  added: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  changed: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  conflict: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  skipped: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  fails: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  unchanged: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

function countsLine(k: Pick<KindPreview, 'added' | 'changed' | 'conflicts' | 'skipped' | 'failures' | 'unchanged' | 'notRemoved'>): string {
  const parts: Array<[number, string]> = [
    [k.added, 'added'],
    [k.changed, 'changed'],
    [k.conflicts, k.conflicts === 1 ? 'conflict' : 'conflicts'],
    [k.skipped, 'skipped'],
    [k.failures, 'will fail'],
    [k.unchanged, 'unchanged'],
    [k.notRemoved, 'not removed'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${formatCount(n)} ${what}`)
    .join(' · ');
}

function NameList({ summary, names, total }: { summary: string; names: string[]; total: number }) {
  if (total === 0) return null;
  return (
    <details className="mt-2 text-xs text-slate-600 dark:text-slate-400">
      <summary className="cursor-pointer">{summary}</summary>
      <ul className="mt-1 max-h-48 overflow-auto font-mono">
        {names.map((n) => (
          <li key={n} className="break-all">
            {n}
          </li>
        ))}
        {total > names.length && <li>… and {formatCount(total - names.length)} more</li>}
      </ul>
    </details>
  );
}

function KindSection({ k }: { k: KindPreview }) {
  const label = KIND_LABELS[k.kind];
  return (
    <section aria-label={label} className="border-t border-slate-200 pt-3 dark:border-slate-800">
      <h3 className="text-sm font-semibold">
        {label} <span className="font-normal text-slate-500">{k.applied ? countsLine(k) : `${formatCount(k.ignored)} ignored: an import into one vhost does not apply ${label.toLowerCase()}`}</span>
      </h3>
      {k.items.length > 0 && (
        <table className={`${tableClass} mt-2`} aria-label={`${label} in the file`}>
          <thead>
            <tr>
              <th className={thClass}>Status</th>
              <th className={thClass}>Name</th>
              <th className={thClass}>Vhost</th>
              <th className={thClass}>Fields (before → after)</th>
            </tr>
          </thead>
          <tbody>
            {k.items.map((i, n) => (
              <tr key={`${i.vhost ?? ''}:${i.name}:${n}`}>
                <td className={tdClass}>
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_CLASS[i.status]}`}>{STATUS_LABELS[i.status]}</span>
                </td>
                <td className={`${tdClass} break-all font-mono text-xs`}>{i.name}</td>
                <td className={`${tdClass} font-mono text-xs`}>{i.vhost ?? '—'}</td>
                <td className={`${tdClass} text-xs`}>
                  {i.reason && <p className={i.status === 'fails' ? 'text-red-700 dark:text-red-400' : 'text-amber-800 dark:text-amber-300'}>{i.reason}</p>}
                  {i.changes.length > 0 && (
                    <ul className="font-mono">
                      {i.changes.map((c) => (
                        <li key={c.field} className="break-all">
                          {c.field}: {c.before ?? '(none)'} → {c.after ?? '(none)'}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NameList summary={`${formatCount(k.unchanged)} unchanged`} names={k.unchangedNames} total={k.unchanged} />
      <NameList summary={`${formatCount(k.notRemoved)} on the broker but not in the file: not removed (an import only adds and updates)`} names={k.notRemovedNames} total={k.notRemoved} />
    </section>
  );
}

/** The preview grouped by kind, with counts; kinds the file and the broker both lack are left out. */
export function DefinitionsPreviewTable({ preview }: { preview: DefinitionsPreview }) {
  const shown = preview.kinds.filter((k) => k.items.length + k.unchanged + k.notRemoved + k.ignored > 0);
  return (
    <div data-testid="definitions-preview" className="flex flex-col gap-3">
      <p className="text-sm" role="status">
        Importing {preview.vhost === null ? 'into all vhosts' : `into vhost ${preview.vhost}`}: {countsLine(preview) || 'nothing to do'}
        {preview.ignored > 0 && ` · ${formatCount(preview.ignored)} ignored`}
      </p>
      {shown.map((k) => (
        <KindSection key={k.kind} k={k} />
      ))}
    </div>
  );
}
