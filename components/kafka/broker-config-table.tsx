'use client';
import type { BrokerConfigEntry } from '@/lib/contracts/broker-configs';
import { card, td, th } from '@/components/ui/styles';
import { ConfigValue, SourceBadge } from './broker-config-source';

type Props = { rows: BrokerConfigEntry[]; canEdit: boolean; onEdit: (entry: BrokerConfigEntry) => void };

/** One row per key: the value in force at this level, where it comes from, and what a reset would fall back to. */
export function BrokerConfigTable({ rows, canEdit, onEdit }: Props) {
  return (
    <div className={`${card} overflow-x-auto`}>
      <table className="w-full" data-testid="broker-configs-table">
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={th}>Name</th>
            <th className={th}>Value</th>
            <th className={th}>Source</th>
            <th className={th}>After a reset</th>
            <th className={th}>Type</th>
            <th className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.name} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800/60" data-testid={`broker-config-${c.name}`}>
              <td className={`${td} font-mono`}>
                <details>
                  <summary className="cursor-pointer list-none">
                    {c.name}
                    {c.readOnly && <span className="ml-2 rounded bg-slate-100 px-1 text-[10px] uppercase text-slate-500 dark:bg-slate-800">restart</span>}
                  </summary>
                  {c.documentation && <p className="mt-1 max-w-md whitespace-normal font-sans text-xs text-slate-500 dark:text-slate-400">{c.documentation}</p>}
                </details>
              </td>
              <td className={`${td} max-w-sm`}>
                <ConfigValue value={c.value} sensitive={c.sensitive} />
              </td>
              <td className={td}>
                <SourceBadge source={c.source} />
              </td>
              <td className={`${td} max-w-xs`}>
                {c.fallback ? (
                  <span className="flex flex-wrap items-center gap-1.5">
                    <ConfigValue value={c.fallback.value} sensitive={c.sensitive} /> <SourceBadge source={c.fallback.source} />
                  </span>
                ) : (
                  <span className="text-slate-400">not set here</span>
                )}
              </td>
              <td className={`${td} text-xs text-slate-500`}>{c.type}</td>
              <td className={`${td} text-right`}>
                {canEdit && !c.readOnly && (
                  <button type="button" className="text-sm text-sky-700 hover:underline dark:text-sky-400" onClick={() => onEdit(c)} aria-label={`Edit ${c.name}`}>
                    Edit
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
